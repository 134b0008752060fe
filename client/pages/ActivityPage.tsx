import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { phaseLabels, type Phase } from '../../shared/cycles';
import { type Activity, type ActivityVerb, ActivityVerbs, activityVerbLabels } from '../../shared/schemas/activity';
import { activityQuery, membersQuery, teamQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { TeamCrumbs } from '../components/TeamCrumbs';

const route = getRouteApi('/teams/$teamId/activity');

/** Who did what, when, in the team; filterable by person and kind of activity (kept in the URL). */
export function ActivityPage() {
  const { teamId } = route.useParams();
  const filter = route.useSearch();
  const navigate = route.useNavigate();
  const { t, pick, formatDateTime } = useI18n();
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  const members = useQuery(membersQuery(teamId));
  const feed = useQuery(activityQuery(teamId, filter));
  const setFilter = (next: { actor?: string | undefined; verb?: ActivityVerb | undefined }) =>
    void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });
  const object = (a: Activity) => {
    const title = String(a.summary.title ?? a.summary.name ?? '');
    const phase = a.summary.phase as Phase | undefined;
    const text = phase && phase in phaseLabels ? `${title} → ${pick(phaseLabels[phase])}` : title;
    if (a.documentId) {
      return (
        <Link to="/documents/$documentId" params={{ documentId: a.documentId }}>
          {text || '…'}
        </Link>
      );
    }
    if (a.cycleId) {
      return (
        <Link to="/cycles/$cycleId" params={{ cycleId: a.cycleId }}>
          {text || '…'}
        </Link>
      );
    }
    return text;
  };
  return (
    <main id="main" className="page">
      <TeamCrumbs team={team} />
      <PageTitle>{t('activity.heading', { team: team.name })}</PageTitle>
      <div className="inline-form">
        <label>
          {t('activity.filterPerson')}
          <select value={filter.actor ?? ''} onChange={(e) => setFilter({ actor: e.target.value || undefined })}>
            <option value="">{t('activity.all')}</option>
            {members.data?.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('activity.filterKind')}
          <select value={filter.verb ?? ''} onChange={(e) => setFilter({ verb: (e.target.value || undefined) as ActivityVerb | undefined })}>
            <option value="">{t('activity.all')}</option>
            {ActivityVerbs.map((v) => (
              <option key={v} value={v}>
                {pick(activityVerbLabels[v])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={feed.error} />
      {feed.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        feed.data &&
        (feed.data.length === 0 ? (
          <p className="empty">{t('activity.empty')}</p>
        ) : (
          <ol className="activity">
            {feed.data.map((a) => (
              <li key={a.id}>
                <span className="muted small">{formatDateTime(a.createdAt)}</span> <strong>{a.actorName ?? '?'}</strong> {pick(activityVerbLabels[a.verb])}{' '}
                {object(a)}
              </li>
            ))}
          </ol>
        ))
      )}
    </main>
  );
}
