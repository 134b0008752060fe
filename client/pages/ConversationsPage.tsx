import { useState } from 'react';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useI18n } from '../i18n';

/** The team's comment threads across all documents, so leaders see the whole conversation. */
export function ConversationsPage({ teamId }: { teamId: string }) {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>('open');
  const team = useQuery(`team:${teamId}`, () => call(api.teams[':teamId'].$get({ param: { teamId } })));
  const threads = useQuery(`threads:${teamId}:${status}`, () => call(api.teams[':teamId'].threads.$get({ param: { teamId }, query: { status } })));
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href={`/teams/${teamId}`}>{team.status === 'ready' ? team.data.name : t('common.back')}</Link>
      </nav>
      <h1>{t('conversations.heading', { team: team.status === 'ready' ? team.data.name : '' })}</h1>
      <div className="tabs" role="tablist">
        {(['open', 'resolved', 'all'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={status === s} onClick={() => setStatus(s)}>
            {t(`conversations.${s}`)}
          </button>
        ))}
      </div>
      {threads.status === 'error' && <ErrorMessage error={threads.error} />}
      {threads.status === 'ready' &&
        (threads.data.threads.length === 0 ? (
          <p className="empty">{t('conversations.empty')}</p>
        ) : (
          <ul className="doc-list">
            {threads.data.threads.map((th) => (
              <li key={th.id}>
                {th.unread && <span className="badge new">{t('comments.new')}</span>}{' '}
                <Link href={`/documents/${th.documentId}`}>{th.documentTitle}</Link>
                <p className="quote">{t('comments.quote', { quote: th.quote })}</p>
                <p className="snippet">{th.lastCommentBody}</p>
                <span className="muted small">
                  {t('conversations.summary', { count: th.commentCount, name: th.createdByName, date: formatDateTime(th.lastCommentAt) })}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </main>
  );
}
