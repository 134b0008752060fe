import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import type { PublishScope } from '../../shared/schemas/library';
import type { DocumentDetail } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, publishCheckQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { Form } from '../components/Form';
import { useI18n } from '../i18n';
import { SubjectGradeFields } from './SubjectGradeFields';

/**
 * Publishing a frozen copy of the document beyond the team. The pupil-reference check runs first
 * and its findings are shown; the publisher confirms that no pupil can be recognised, or nothing
 * is published. What is published already can be withdrawn here.
 */
export function PublishPanel({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!doc.can.publish) return null;
  return (
    <section className="publish" aria-label={t('publish.heading')}>
      {open ? (
        <PublishForm doc={doc} onClose={() => setOpen(false)} />
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('publish.open')}
        </button>
      )}
    </section>
  );
}

function PublishForm({ doc, onClose }: { doc: DocumentDetail; onClose(): void }) {
  const { t, formatDateTime } = useI18n();
  const check = useQuery(publishCheckQuery(doc.id));
  const [scope, setScope] = useState<PublishScope>('school');
  const [subject, setSubject] = useState('');
  const [grade, setGrade] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [published, setPublished] = useState<string | null>(null);
  const confirmId = useId();
  const publish = useApiMutation(
    () => call(api.documents[':documentId'].publish.$post({ param: { documentId: doc.id }, json: { scope, confirmed, subject, grade } })),
    { invalidate: [keys.library, keys.document(doc.id), keys.team(doc.teamId)], onSuccess: (copy) => setPublished(copy.id) },
  );
  const withdraw = useApiMutation((publishedId: string) => call(api.library[':publishedId'].withdraw.$post({ param: { publishedId } })), {
    invalidate: [keys.library, keys.document(doc.id), keys.team(doc.teamId)],
  });
  if (check.isPending) return <p role="status">{t('publish.checking')}</p>;
  if (check.error) return <ErrorMessage error={check.error} />;
  const { references, words } = check.data;
  return (
    <div className="panel stack" data-testid="publish-panel">
      <h2>{t('publish.heading')}</h2>
      <p className="hint">{t('publish.help')}</p>
      {check.data.published.length > 0 && (
        <>
          <h3>{t('publish.already')}</h3>
          <ul className="plain">
            {check.data.published.map((p) => (
              <li key={p.id}>
                <Link to="/library/$publishedId" params={{ publishedId: p.id }}>
                  {t(p.scope === 'network' ? 'publish.scope.network' : 'publish.scope.school')}
                </Link>{' '}
                <span className="muted small">{formatDateTime(p.publishedAt)}</span>{' '}
                <button type="button" className="link" disabled={withdraw.isPending} onClick={() => withdraw.mutate(p.id)}>
                  {t('publish.withdraw')}
                </button>
              </li>
            ))}
          </ul>
          <ErrorMessage error={withdraw.error} />
        </>
      )}
      <h3>{t('publish.check')}</h3>
      <p className="muted">{t('publish.words', { count: words })}</p>
      {references.length === 0 ? (
        <p data-testid="publish-references">{t('publish.noReferences')}</p>
      ) : (
        <div className="notice warning" data-testid="publish-references">
          <p>{t('publish.references', { count: references.length })}</p>
          <ul className="plain small">
            {references.map((r, i) => (
              <li key={`${i}:${r.word}`}>
                …{r.before}
                <mark>{r.word}</mark>
                {r.after}…
              </li>
            ))}
          </ul>
          <p className="small">{t('publish.referencesHelp')}</p>
        </div>
      )}
      {published ? (
        <p role="status">
          {t('publish.done')}{' '}
          <Link to="/library/$publishedId" params={{ publishedId: published }}>
            {t('publish.openCopy')}
          </Link>
        </p>
      ) : (
        <Form onSubmit={() => publish.mutate()} className="stack">
          <fieldset>
            <legend>{t('publish.scope')}</legend>
            <label className="inline">
              <input type="radio" name="scope" checked={scope === 'school'} onChange={() => setScope('school')} />
              {t('publish.scope.school')}
            </label>
            <label className="inline">
              <input type="radio" name="scope" checked={scope === 'network'} onChange={() => setScope('network')} />
              {t('publish.scope.network')}
            </label>
          </fieldset>
          <SubjectGradeFields subject={subject} grade={grade} onSubject={setSubject} onGrade={setGrade} />
          <label className="inline" htmlFor={confirmId}>
            <input id={confirmId} type="checkbox" required checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            {t('publish.confirm')}
          </label>
          <ErrorMessage error={publish.error} />
          <div className="row">
            <button type="submit" className="primary" disabled={publish.isPending}>
              {t('publish.submit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}
