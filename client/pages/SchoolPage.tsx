import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { storyTagLabels } from '../../shared/learning-stories';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, networksQuery, schoolLeadersQuery, schoolOverviewQuery, schoolStoriesQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { Form } from '../components/Form';
import { useI18n } from '../i18n';
import { aggregateText } from '../schools/aggregate';
import { CoverageTable } from '../schools/CoverageTable';
import { TeamCard } from '../schools/TeamCard';

const route = getRouteApi('/schools/$schoolId');

/**
 * The school overview for its leaders: every team on one page (focus, cycles with phase and what
 * they lack, meetings, what it shared), coverage across the school, what made learning stories
 * work, and who leads the school and which networks it is in.
 */
export function SchoolPage() {
  const { schoolId } = route.useParams();
  const { t } = useI18n();
  const overview = useQuery(schoolOverviewQuery(schoolId));
  if (overview.isPending) return <p role="status">{t('common.loading')}</p>;
  if (overview.error) {
    return (
      <main id="main" className="page">
        <ErrorMessage error={overview.error} />
      </main>
    );
  }
  const data = overview.data;
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
      </nav>
      <PageTitle>{t('school.heading', { school: data.school.name })}</PageTitle>
      <p className="muted" data-testid="school-summary">
        {t('school.teamCount', { count: data.teams.length })} · {aggregateText(t, data.teachers, 'school.teachers', 'school.teachersFew')}
      </p>
      <p className="hint">{t('school.help')}</p>
      <section aria-labelledby="coverage-heading" className="panel">
        <h2 id="coverage-heading">{t('school.coverage')}</h2>
        <p className="hint">{t('school.coverageHelp')}</p>
        <CoverageTable coverage={data.coverage} />
      </section>
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">{t('school.teams')}</h2>
        {data.teams.length === 0 && <p className="empty">{t('school.noTeams')}</p>}
        <div className="team-grid">
          {data.teams.map((team) => (
            <TeamCard key={team.id} team={team} schoolId={schoolId} drillIn />
          ))}
        </div>
      </section>
      <div className="home-grid">
        <div className="home-main">
          <Stories schoolId={schoolId} />
          <Networks schoolId={schoolId} />
        </div>
        <aside className="home-side">
          <Leaders schoolId={schoolId} />
        </aside>
      </div>
    </main>
  );
}

function Stories({ schoolId }: { schoolId: string }) {
  const { t, pick } = useI18n();
  const stories = useQuery(schoolStoriesQuery(schoolId));
  return (
    <section aria-labelledby="stories-heading" className="panel">
      <h2 id="stories-heading">{t('stories.heading')}</h2>
      <p className="hint">{t('stories.help')}</p>
      <ErrorMessage error={stories.error} />
      {stories.data && (
        <>
          <p className="muted">{aggregateText(t, stories.data.stories, 'stories.count', 'stories.countFew')}</p>
          {/* Too few stories to gather: what made them work would point at the few who told them. */}
          {'count' in stories.data.stories && (
            <ul className="plain story-tags">
              {stories.data.tags.map((tag) => (
                <li key={tag.tag}>
                  {pick(storyTagLabels[tag.tag])}: {'count' in tag.count ? tag.count.count : t('stories.few', { count: tag.count.fewerThan })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Leaders({ schoolId }: { schoolId: string }) {
  const { t, formatDateTime } = useI18n();
  const leaders = useQuery(schoolLeadersQuery(schoolId));
  const [userId, setUserId] = useState('');
  const stale = [keys.school(schoolId), keys.schools];
  const grant = useApiMutation((id: string) => call(api.schools[':schoolId'].leaders.$post({ param: { schoolId }, json: { userId: id } })), {
    invalidate: stale,
    onSuccess: () => setUserId(''),
  });
  const revoke = useApiMutation((id: string) => call(api.schools[':schoolId'].leaders[':userId'].$delete({ param: { schoolId, userId: id } })), { invalidate: stale });
  const candidates = leaders.data?.candidates ?? [];
  return (
    <section aria-labelledby="leaders-heading" className="panel">
      <h2 id="leaders-heading">{t('school.leaders')}</h2>
      <p className="hint">{t('school.leadersHelp')}</p>
      <ErrorMessage error={leaders.error} />
      <ul className="plain">
        {leaders.data?.leaders.map((l) => (
          <li key={l.userId}>
            <strong>{l.name}</strong>{' '}
            <span className="muted small">
              {l.grantedByName ? t('school.leaderGranted', { name: l.grantedByName, date: formatDateTime(l.since) }) : t('school.leaderSince', { date: formatDateTime(l.since) })}
            </span>{' '}
            {(leaders.data?.leaders.length ?? 0) > 1 && (
              <button type="button" className="link" disabled={revoke.isPending} onClick={() => revoke.mutate(l.userId)}>
                {t('school.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={revoke.error} />
      {candidates.length > 0 && (
        <Form onSubmit={() => userId && grant.mutate(userId)} className="stack">
          <label>
            {t('school.grant')}
            <select value={userId} required onChange={(e) => setUserId(e.target.value)}>
              <option value="">…</option>
              {candidates.map((c) => (
                <option key={c.userId} value={c.userId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <ErrorMessage error={grant.error} />
          <button type="submit" disabled={grant.isPending}>
            {t('school.grantButton')}
          </button>
        </Form>
      )}
    </section>
  );
}

/** The networks the school is in: made here, or joined with an invitation link from another school's leader. */
function Networks({ schoolId }: { schoolId: string }) {
  const { t } = useI18n();
  const networks = useQuery(networksQuery());
  const [name, setName] = useState('');
  const [links, setLinks] = useState<Record<string, string>>({});
  const mine = networks.data?.filter((n) => n.schools.some((s) => s.id === schoolId)) ?? [];
  const create = useApiMutation(() => call(api.networks.$post({ json: { name, schoolId } })), {
    invalidate: [keys.networks, keys.school(schoolId)],
    onSuccess: () => setName(''),
  });
  const invite = useApiMutation((networkId: string) => call(api.networks[':networkId'].invites.$post({ param: { networkId } })), {
    onSuccess: (created, networkId) => setLinks((all) => ({ ...all, [networkId]: created.url })),
  });
  const leave = useApiMutation(
    (networkId: string) => call(api.networks[':networkId'].schools[':schoolId'].$delete({ param: { networkId, schoolId } })),
    { invalidate: [keys.networks, keys.school(schoolId), keys.library] },
  );
  return (
    <section aria-labelledby="networks-heading" className="panel">
      <h2 id="networks-heading">{t('network.heading')}</h2>
      <p className="hint">{t('network.help')}</p>
      <ErrorMessage error={networks.error} />
      {mine.length === 0 && networks.data && <p className="empty">{t('network.none')}</p>}
      <ul className="plain">
        {mine.map((n) => (
          <li key={n.id} data-testid="network">
            <strong>{n.name}</strong>: <span>{n.schools.map((s) => s.name).join(', ')}</span>
            <div className="row">
              <button type="button" disabled={invite.isPending} onClick={() => invite.mutate(n.id)}>
                {t('network.invite')}
              </button>
              <button type="button" className="link" disabled={leave.isPending} onClick={() => leave.mutate(n.id)}>
                {t('network.leave')}
              </button>
            </div>
            {links[n.id] && (
              <label>
                {t('network.inviteLink', { days: Limits.network.inviteDays })}
                <input readOnly value={links[n.id]} data-testid="network-invite-link" onFocus={(e) => e.target.select()} />
              </label>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={invite.error ?? leave.error} />
      <Form onSubmit={() => create.mutate()} className="stack">
        <label>
          {t('network.name')}
          <input name="network-name" value={name} required maxLength={Limits.network.name} onChange={(e) => setName(e.target.value)} />
        </label>
        <ErrorMessage error={create.error} />
        <button type="submit" disabled={create.isPending}>
          {t('network.create')}
        </button>
      </Form>
    </section>
  );
}
