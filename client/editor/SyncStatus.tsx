import { type MessageKey, useI18n } from '../i18n';
import type { CollabStatus } from './use-collab-session';

const statusText: Record<Exclude<CollabStatus, 'offline'>, MessageKey> = {
  saved: 'status.saved',
  saving: 'status.saving',
  connecting: 'status.connecting',
  refused: 'status.refused',
  not_found: 'status.notFound',
  deleted: 'status.deleted',
  revoked: 'error.forbidden',
  unauthenticated: 'error.unauthenticated',
};

/** Whether this device's edits are stored on the server, in words (never "saved" before they are). */
export function SyncStatus({ status, unsaved }: { status: CollabStatus; unsaved: number }) {
  const { t } = useI18n();
  const text =
    status === 'offline' ? (unsaved > 0 ? t('status.offlineUnsaved', { count: unsaved }) : t('status.offline')) : t(statusText[status]);
  return (
    <output className={`sync-status sync-${status}`} aria-live="polite" data-testid="sync-status" data-status={status}>
      {text}
    </output>
  );
}
