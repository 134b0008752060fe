import { useI18n } from '../i18n';
import { reloadToNewVersion, useNewVersionAvailable } from './new-version';

/**
 * "Ny versjon – last inn på nytt" once a newer build is deployed (see new-version.ts). Mounted
 * once in the root layout; a page whose code is gone shows its own offer (PageError).
 */
export function NewVersionNotice() {
  const { t } = useI18n();
  const available = useNewVersionAvailable();
  if (!available) return null;
  return (
    <div className="new-version" role="status">
      <span>{t('newVersion.message')}</span>
      <button type="button" className="primary" onClick={reloadToNewVersion}>
        {t('newVersion.reload')}
      </button>
    </div>
  );
}
