import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { inboxQuery, keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';

/** Mentions of me and replies to my threads, across all my teams. */
export function InboxPage() {
  const { t, formatDateTime } = useI18n();
  const inbox = useQuery(inboxQuery());
  const markAll = useApiMutation(() => call(api.inbox.read.$post({ json: {} })), { invalidate: [keys.inbox] });
  const unread = inbox.data?.items.some((i) => !i.read) ?? false;
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
      </nav>
      <div className="doc-header">
        <PageTitle>{t('inbox.heading')}</PageTitle>
        {unread && (
          <button type="button" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
            {t('inbox.markAll')}
          </button>
        )}
      </div>
      <ErrorMessage error={markAll.error ?? inbox.error} />
      {inbox.isPending && <p role="status">{t('common.loading')}</p>}
      {inbox.data &&
        (inbox.data.items.length === 0 ? (
          <p className="empty">{t('inbox.empty')}</p>
        ) : (
          <ul className="doc-list">
            {inbox.data.items.map((item) => (
              <li key={item.id} className={item.read ? '' : 'unread'}>
                {!item.read && <span className="badge new">{t('comments.new')}</span>}{' '}
                <Link to="/documents/$documentId" params={{ documentId: item.documentId }}>
                  {t(item.kind === 'mention' ? 'inbox.mention' : 'inbox.reply', { name: item.authorName, title: item.documentTitle })}
                </Link>
                <span className="muted small">
                  {' '}
                  · {item.teamName} · {formatDateTime(item.createdAt)}
                </span>
                <p className="snippet">{item.excerpt}</p>
              </li>
            ))}
          </ul>
        ))}
    </main>
  );
}
