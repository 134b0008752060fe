import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { isChunkLoadError, reloadToNewVersion, reportChunkLoadError, useNewVersionAvailable } from './new-version';

/**
 * The "new version" offer, and an error boundary around `children` so that a page whose script
 * is gone (or that fails to render) shows a way on instead of a blank screen. Self-contained:
 * mount it once around the routes.
 */
export function NewVersionNotice({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const available = useNewVersionAvailable();
  return (
    <>
      {available && (
        <div className="new-version" role="status">
          <span>{t('newVersion.message')}</span>
          <button type="button" className="primary" onClick={reloadToNewVersion}>
            {t('newVersion.reload')}
          </button>
        </div>
      )}
      <PageErrorBoundary>{children}</PageErrorBoundary>
    </>
  );
}

class PageErrorBoundary extends Component<{ children?: ReactNode }, { failed: 'chunk' | 'other' | null }> {
  override state: { failed: 'chunk' | 'other' | null } = { failed: null };

  static getDerivedStateFromError(error: unknown) {
    return { failed: isChunkLoadError(error) ? 'chunk' : 'other' };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo) {
    if (isChunkLoadError(error)) reportChunkLoadError();
  }

  override render() {
    if (this.state.failed === null) return this.props.children;
    return <PageFailed outdated={this.state.failed === 'chunk'} />;
  }
}

function PageFailed({ outdated }: { outdated: boolean }) {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <p role="alert">{t(outdated ? 'newVersion.pageOutdated' : 'newVersion.pageFailed')}</p>
      {!outdated && (
        <button type="button" onClick={() => window.location.reload()}>
          {t('newVersion.reloadPage')}
        </button>
      )}
    </main>
  );
}
