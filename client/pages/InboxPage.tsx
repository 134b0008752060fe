import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';

/** Mentions of me and replies to my threads, across all my teams. */
export function InboxPage() {
  const { t, formatDateTime } = useI18n();
  const inbox = useQuery('inbox', () => call(api.inbox.$get()));
  const markAll = useAction(async () => {
    await call(api.inbox.read.$post({ json: {} }));
    inbox.reload();
  });
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
      </nav>
      <div className="doc-header">
        <h1>{t('inbox.heading')}</h1>
        <button type="button" onClick={() => void markAll.run()} disabled={markAll.busy}>
          {t('inbox.markAll')}
        </button>
      </div>
      <ErrorMessage error={markAll.error ?? (inbox.status === 'error' ? inbox.error : null)} />
      {inbox.status === 'ready' &&
        (inbox.data.items.length === 0 ? (
          <p className="empty">{t('inbox.empty')}</p>
        ) : (
          <ul className="doc-list">
            {inbox.data.items.map((item) => (
              <li key={item.id} className={item.read ? '' : 'unread'}>
                {!item.read && <span className="badge new">{t('comments.new')}</span>}{' '}
                <Link href={`/documents/${item.documentId}`}>
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
