import { type FormEvent, useState } from 'react';
import { type DocumentKind, DocumentKinds, documentKindLabels } from '../../shared/document-kinds';
import { Limits } from '../../shared/limits';
import { roleCan, roleLabels } from '../../shared/roles';
import { ApiError, api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link, navigate } from '../app/router';
import { useI18n } from '../i18n';

export function TeamPage({ teamId }: { teamId: string }) {
  const { t, pick, locale, formatDateTime } = useI18n();
  const data = useQuery(teamId, async () => {
    const [team, docs] = await Promise.all([
      call(api.teams[':teamId'].$get({ param: { teamId } })),
      call(api.teams[':teamId'].documents.$get({ param: { teamId } })),
    ]);
    return { team, documents: docs.documents };
  });
  const [kind, setKind] = useState<DocumentKind>('lesson_plan');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const doc = await call(api.teams[':teamId'].documents.$post({ param: { teamId }, json: { kind, title, locale } }));
      navigate(`/documents/${doc.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
    } finally {
      setBusy(false);
    }
  };

  if (data.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (data.status === 'error') {
    return (
      <main id="main" className="page">
        <p role="alert">{data.error.code === 'not_found' ? t('team.notFound') : t(`error.${data.error.code}`)}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const { team, documents } = data.data;
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
      </nav>
      <header className="doc-header">
        <div>
          <h1>{team.name}</h1>
          <p className="muted">
            {team.school.name} · {pick(roleLabels[team.role])}
          </p>
        </div>
        <Link href={`/teams/${teamId}/members`} className="button">
          {t('nav.members')}
        </Link>
      </header>
      <section aria-labelledby="docs-heading">
        <h2 id="docs-heading">{t('team.documents')}</h2>
        {documents.length === 0 ? (
          <p className="empty">{t('team.documents.empty')}</p>
        ) : (
          <ul className="cards">
            {documents.map((doc) => (
              <li key={doc.id}>
                <Link href={`/documents/${doc.id}`} className="card">
                  <strong>{doc.title}</strong>
                  <span className="muted">
                    {pick(documentKindLabels[doc.kind])} · {t('documents.updated', { date: formatDateTime(doc.updatedAt) })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {roleCan(team.role, 'document.create') && (
      <section aria-labelledby="new-doc" className="panel">
        <h2 id="new-doc">{t('documents.create.heading')}</h2>
        <form onSubmit={create} className="stack">
          <label>
            {t('documents.create.kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
              {DocumentKinds.map((k) => (
                <option key={k} value={k}>
                  {pick(documentKindLabels[k])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('documents.create.title')}
            <input
              name="title"
              value={title}
              required
              maxLength={Limits.documentTitle.max}
              placeholder={t('documents.create.titlePlaceholder')}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('common.create')}
          </button>
        </form>
      </section>
      )}
    </main>
  );
}
