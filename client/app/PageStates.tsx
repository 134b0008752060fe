import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { Link, type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useErrorText } from './ErrorMessage';
import { isChunkLoadError, reloadToNewVersion } from './new-version';

let navigations = 0;
/** Counts client-side navigations; the first page load keeps the browser's own focus. */
export const noteNavigation = () => {
  navigations++;
};

/**
 * A page's heading. After a navigation it takes the focus (so a screen reader announces the new
 * page) and names the browser tab.
 */
export function PageTitle({ children, title, className }: { children: ReactNode; title?: string; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef(0);
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    if (text) document.title = `${text} – Fellesrom`;
  }, [text]);
  useEffect(() => {
    if (navigations > 0 && focusedFor.current !== navigations) {
      focusedFor.current = navigations;
      ref.current?.focus({ preventScroll: true });
    }
  });
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}

/** While a page's data loads: said as loading, never as an empty list. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <p role="status" className="loading">
        {t('common.loading')}
      </p>
    </main>
  );
}

export function NotFoundPage({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      <PageTitle>{t('page.notFound')}</PageTitle>
      <p>{message ?? t('page.notFoundHelp')}</p>
      <Link to="/">{t('nav.home')}</Link>
    </main>
  );
}

/**
 * The error boundary of every page. A real 404 is "not found"; a lost connection says so; a page
 * whose code cannot load offers a reload; anything else offers to try again. The header stays.
 */
export function PageError({ error, reset }: ErrorComponentProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const router = useRouter();
  const queries = useQueryErrorResetBoundary();
  if (error instanceof ApiError && error.code === 'not_found') return <NotFoundPage message={t('page.notFoundApi')} />;
  const chunk = isChunkLoadError(error);
  const retry = () => {
    queries.reset();
    reset();
    void router.invalidate();
  };
  return (
    <main id="main" className="page">
      <PageTitle>{chunk ? t('page.chunkTitle') : t('page.errorTitle')}</PageTitle>
      <p role="alert">{chunk ? t('page.chunkHelp') : errorText(error)}</p>
      {chunk ? (
        <button type="button" className="primary" onClick={reloadToNewVersion}>
          {t('page.reload')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={retry}>
          {t('page.retry')}
        </button>
      )}
    </main>
  );
}
