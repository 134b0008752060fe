import { useState } from 'react';
import type { DocumentSummary } from '../../shared/schemas/documents';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';

/** On a private draft: says who sees it, and shares it with the team in one click. */
export function ShareDraft({ doc }: { doc: DocumentSummary }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState('');
  const share = useApiMutation(() => call(api.documents[':documentId'].share.$post({ param: { documentId: doc.id } })), {
    invalidate: [keys.document(doc.id), keys.team(doc.teamId), ...(doc.cycleId ? [keys.cycle(doc.cycleId)] : [])],
    onSuccess: () => setNotice(t('draft.shared')),
  });
  return (
    <>
      <output aria-live="polite">{notice}</output>
      {doc.visibility === 'private' && (
        <div className="notice private-draft" role="note">
          <strong>{t('draft.private')}</strong> {t('draft.privateHelp')}{' '}
          <button type="button" className="primary" disabled={share.isPending} onClick={() => share.mutate()}>
            {t('draft.share')}
          </button>
          <ErrorMessage error={share.error} />
        </div>
      )}
    </>
  );
}
