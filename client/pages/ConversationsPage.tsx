import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { teamQuery, teamThreadsQuery, type ThreadStatus } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { TeamCrumbs } from '../components/TeamCrumbs';

const route = getRouteApi('/teams/$teamId/conversations');
const statuses: ThreadStatus[] = ['open', 'resolved', 'all'];

/** The team's comment threads across all documents, so leaders see the whole conversation. */
export function ConversationsPage() {
  const { teamId } = route.useParams();
  const status = route.useSearch({ select: (s) => s.status ?? 'open' });
  const { t, formatDateTime } = useI18n();
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  const threads = useQuery(teamThreadsQuery(teamId, status));
  const label = { open: t('conversations.open'), resolved: t('conversations.resolved'), all: t('conversations.all') };
  return (
    <main id="main" className="page">
      <TeamCrumbs team={team} />
      <PageTitle>{t('conversations.heading', { team: team.name })}</PageTitle>
      <nav className="tabs" aria-label={t('conversations.filter')}>
        {statuses.map((s) => (
          <Link key={s} to="." search={{ status: s === 'open' ? undefined : s }} replace aria-current={status === s ? 'page' : undefined} className="tab">
            {label[s]}
          </Link>
        ))}
      </nav>
      <ErrorMessage error={threads.error} />
      {threads.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        threads.data &&
        (threads.data.length === 0 ? (
          <p className="empty">{t('conversations.empty')}</p>
        ) : (
          <ul className="doc-list" aria-busy={threads.isFetching}>
            {threads.data.map((th) => (
              <li key={th.id}>
                {th.unread && <span className="badge new">{t('comments.new')}</span>}{' '}
                <Link to="/documents/$documentId" params={{ documentId: th.documentId }}>
                  {th.documentTitle}
                </Link>
                <p className="quote">{t('comments.quote', { quote: th.quote })}</p>
                <p className="snippet">{th.lastCommentBody}</p>
                <span className="muted small">
                  {t('conversations.summary', { count: th.commentCount, name: th.createdByName, date: formatDateTime(th.lastCommentAt) })}
                </span>
              </li>
            ))}
          </ul>
        ))
      )}
    </main>
  );
}
