import { useState } from 'react';
import type { DocumentDetail } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { Form } from '../components/Form';
import { FormActions } from '../components/FormActions';
import { useI18n } from '../i18n';

/** The link to the video meeting (Teams, Meet, Whereby…) of a reflection or team meeting: https only. */
export function MeetingLink({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(doc.meetingUrl ?? '');
  const save = useApiMutation(
    () => call(api.documents[':documentId'].$patch({ param: { documentId: doc.id }, json: { meetingUrl: url.trim() === '' ? null : url.trim() } })),
    { invalidate: [keys.document(doc.id)], onSuccess: () => setEditing(false) },
  );
  if (editing) {
    return (
      <Form onSubmit={() => save.mutate()} className="meeting-link stack" aria-label={t('meetingLink.label')}>
        <label>
          {t('meetingLink.label')}
          <input type="url" name="meeting-url" value={url} pattern="https://.*" placeholder="https://" onChange={(e) => setUrl(e.target.value)} />
        </label>
        <p className="hint small">{t('meetingLink.help')}</p>
        <ErrorMessage error={save.error} />
        <FormActions busy={save.isPending} onCancel={() => setEditing(false)} />
      </Form>
    );
  }
  return (
    <p className="meeting-link">
      {doc.meetingUrl ? (
        <a href={doc.meetingUrl} target="_blank" rel="noopener noreferrer" className="button">
          {t('meetingLink.join')}
        </a>
      ) : (
        <span className="muted">{t('meetingLink.none')}</span>
      )}{' '}
      {doc.can.edit && (
        <button type="button" className="link" onClick={() => setEditing(true)}>
          {t('meetingLink.edit')}
        </button>
      )}
    </p>
  );
}
