import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { Retention } from '../../shared/privacy';
import { type AuditAction, AuditActions, type AuditEvent } from '../../shared/audit';
import { membersQuery, teamQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { TeamCrumbs } from '../components/TeamCrumbs';
import { PageTitle } from '../app/PageStates';
import { type MessageKey, useI18n } from '../i18n';
import { auditQuery } from '../privacy/queries';

const route = getRouteApi('/teams/$teamId/audit');

/** Each event, in words ("åpnet observasjonsnotater"). */
const actionKeys: Record<AuditAction, MessageKey> = {
  'observation.opened': 'audit.action.observation.opened',
  'observation.timeline': 'audit.action.observation.timeline',
  'observation.exported': 'audit.action.observation.exported',
  'document.shared': 'audit.action.document.shared',
  'document.deleted': 'audit.action.document.deleted',
  'cycle.deleted': 'audit.action.cycle.deleted',
  'cycle.retention': 'audit.action.cycle.retention',
  'retention.deleted': 'audit.action.retention.deleted',
  'team.exported': 'audit.action.team.exported',
  'team.imported': 'audit.action.team.imported',
  'team.deleted': 'audit.action.team.deleted',
  'account.deleted': 'audit.action.account.deleted',
  'member.role': 'audit.action.member.role',
  'member.removed': 'audit.action.member.removed',
  'invite.created': 'audit.action.invite.created',
  'invite.revoked': 'audit.action.invite.revoked',
  'invite.accepted': 'audit.action.invite.accepted',
};
const actionKey = (action: AuditAction) => actionKeys[action];

/** The team's audit log for its leaders: who read raw notes, shared, exported, deleted, changed roles or invited. */
export function AuditPage() {
  const { teamId } = route.useParams();
  const filter = route.useSearch();
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate({ from: '/teams/$teamId/audit' });
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  const members = useQuery(membersQuery(teamId));
  const events = useInfiniteQuery(auditQuery(teamId, filter));
  const rows = events.data?.pages.flat() ?? [];
  return (
    <main id="main" className="page wide">
      <TeamCrumbs team={team}>
        {' / '}
        <Link to="/teams/$teamId/data" params={{ teamId }}>
          {t('data.link')}
        </Link>
      </TeamCrumbs>
      <PageTitle>{t('audit.heading', { team: team.name })}</PageTitle>
      <p>{t('audit.help', { days: t('count.days', { count: Retention.auditDays }) })}</p>
      <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('audit.filterAction')}
          <select
            name="action"
            value={filter.action ?? ''}
            onChange={(e) => void navigate({ search: (s) => ({ ...s, action: (e.target.value || undefined) as AuditAction | undefined }) })}
          >
            <option value="">{t('audit.all')}</option>
            {AuditActions.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.filterActor')}
          <select name="actor" value={filter.actorId ?? ''} onChange={(e) => void navigate({ search: (s) => ({ ...s, actorId: e.target.value || undefined }) })}>
            <option value="">{t('audit.all')}</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={events.error} />
      {events.isPending && <p role="status">{t('common.loading')}</p>}
      {events.isSuccess && rows.length === 0 && <p className="empty">{t('audit.empty')}</p>}
      {rows.length > 0 && (
        <table className="audit" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.address')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.createdAt)}</td>
                <td>{e.actorId ? e.actorName : t('audit.system')}</td>
                <td>
                  {t(actionKey(e.action))}
                  <EventDetail event={e} />
                </td>
                <td className="muted">{e.address}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.hasNextPage && (
        <button type="button" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {t('audit.more')}
        </button>
      )}
    </main>
  );
}

/** The few facts an event carries: a title, or what a role or retention changed from and to. */
function EventDetail({ event }: { event: AuditEvent }) {
  const { title, from, to, name } = event.detail;
  const text = typeof title === 'string' ? title : typeof name === 'string' ? name : from !== undefined && to !== undefined ? `${from} → ${to}` : '';
  return text ? <span className="muted">: {text}</span> : null;
}
