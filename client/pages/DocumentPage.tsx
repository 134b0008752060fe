import { useMemo, useState } from 'react';
import { documentKindLabels } from '../../shared/document-kinds';
import type { DocumentDetail } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { colorFor, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useAction } from '../app/use-action';
import { TagList, TagPicker } from '../components/Tags';
import { CollabEditor } from '../editor/CollabEditor';
import { PresenceList } from '../editor/PresenceList';
import { SyncStatus } from '../editor/SyncStatus';
import { useCollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';

export function DocumentPage({ documentId, print = false }: { documentId: string; print?: boolean }) {
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const meta = useQuery(documentId, async () => {
    const doc = await call(api.documents[':documentId'].$get({ param: { documentId } }));
    const cycle = doc.cycleId ? await call(api.cycles[':cycleId'].$get({ param: { cycleId: doc.cycleId } })).catch(() => null) : null;
    return { doc, cycle: cycle?.cycle ?? null };
  });
  const live = useCollabSession(documentId, identity);

  if (meta.status === 'error' || live.status === 'not_found') {
    return (
      <main id="main" className="page">
        <p role="alert">{t('document.notFound')}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const doc = meta.status === 'ready' ? meta.data.doc : null;
  const cycle = meta.status === 'ready' ? meta.data.cycle : null;
  if (print) {
    return (
      <main id="main" className="page print-page">
        <div className="no-print row">
          <Link href={`/documents/${documentId}`}>{t('common.back')}</Link>
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('document.printNow')}
          </button>
        </div>
        <h1>{doc?.title ?? t('common.loading')}</h1>
        {doc && <p className="muted">{pick(documentKindLabels[doc.kind])}</p>}
        {live.session && doc && <CollabEditor session={live.session} user={identity} editable={false} />}
      </main>
    );
  }
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
        {doc && (
          <>
            {' / '}
            <Link href={`/teams/${doc.teamId}`}>{t('team.documents')}</Link>
          </>
        )}
        {cycle && (
          <>
            {' / '}
            <Link href={`/cycles/${cycle.id}`}>{cycle.title}</Link>
          </>
        )}
      </nav>
      <header className="doc-header">
        <div>
          <h1>{doc?.title ?? t('common.loading')}</h1>
          {doc && (
            <p className="muted">
              {pick(documentKindLabels[doc.kind])}
              {doc.round ? ` · ${t('document.round', { round: doc.round })}` : ''}
              {doc.derivedFrom && doc.round ? (
                <>
                  {' · '}
                  <Link href={`/documents/${doc.derivedFrom}`}>{t('cycle.derivedFrom', { round: doc.round - 1 })}</Link>
                </>
              ) : null}
            </p>
          )}
        </div>
        <div className="doc-meta">
          <SyncStatus status={live.status} unsaved={live.unsaved} />
          <PresenceList presence={live.presence} />
        </div>
      </header>
      {doc && <DocumentTools doc={doc} onSaved={meta.reload} />}
      {doc && doc.access !== 'edit' && (
        <p className="notice" role="note">
          {t('document.readOnlyNotice')}
        </p>
      )}
      {live.session && doc && <CollabEditor session={live.session} user={identity} editable={doc.access === 'edit'} />}
    </main>
  );
}

function DocumentTools({ doc, onSaved }: { doc: DocumentDetail; onSaved(): void }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(doc.tags);
  const save = useAction(async () => {
    await call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json: { tags } }));
    setEditing(false);
    onSaved();
  });
  return (
    <div className="doc-tools">
      <div className="doc-tags">
        {editing ? (
          <>
            <TagPicker value={tags} onChange={setTags} />
            <ErrorMessage error={save.error} />
            <div className="row">
              <button type="button" className="primary" disabled={save.busy} onClick={() => void save.run()}>
                {t('cycle.save')}
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        ) : (
          <>
            <TagList tags={doc.tags} />
            {doc.access === 'edit' && (
              <button type="button" className="link" onClick={() => setEditing(true)}>
                {t('tags.label')}: {t('common.edit')}
              </button>
            )}
          </>
        )}
      </div>
      <div className="row">
        <a className="button" href={`/api/documents/${doc.id}/export.docx?locale=${locale}`} download>
          {t('document.export')}
        </a>
        <Link className="button" href={`/documents/${doc.id}/print`}>
          {t('document.print')}
        </Link>
      </div>
    </div>
  );
}
