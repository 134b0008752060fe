import { useI18n } from '../i18n';
import type { CollabStatus } from './use-collab-session';

export function SyncStatus({ status, unsaved }: { status: CollabStatus; unsaved: number }) {
  const { t } = useI18n();
  const text =
    status === 'saved'
      ? t('status.saved')
      : status === 'saving'
        ? t('status.saving')
        : status === 'connecting'
          ? t('status.connecting')
          : status === 'offline'
            ? unsaved > 0
              ? t('status.offlineUnsaved', { count: unsaved })
              : t('status.offline')
            : status === 'not_found'
              ? t('status.notFound')
              : t(`error.${status === 'revoked' ? 'forbidden' : 'unauthenticated'}`);
  return (
    <output className={`sync-status sync-${status}`} aria-live="polite" data-testid="sync-status" data-status={status}>
      {text}
    </output>
  );
}
