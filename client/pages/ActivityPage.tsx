import { useState } from 'react';
import { type ActivityVerb, ActivityVerbs, activityVerbLabels } from '../../shared/schemas/activity';
import { phaseLabels, type Phase } from '../../shared/cycles';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useI18n } from '../i18n';

/** Who did what, when, in the team; filterable by person and kind of activity. */
export function ActivityPage({ teamId }: { teamId: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const [actor, setActor] = useState('');
  const [verb, setVerb] = useState<ActivityVerb | ''>('');
  const team = useQuery(`members:${teamId}`, async () => ({
    team: await call(api.teams[':teamId'].$get({ param: { teamId } })),
    members: (await call(api.teams[':teamId'].members.$get({ param: { teamId } }))).members,
  }));
  const feed = useQuery(`activity:${teamId}:${actor}:${verb}`, () =>
    call(api.teams[':teamId'].activity.$get({ param: { teamId }, query: { ...(actor ? { actor } : {}), ...(verb ? { verb } : {}) } })),
  );
  const object = (a: { documentId: string | null; cycleId: string | null; summary: Record<string, string | number> }) => {
    const title = String(a.summary.title ?? a.summary.name ?? '');
    const phase = a.summary.phase as Phase | undefined;
    const text = phase && phase in phaseLabels ? `${title} → ${pick(phaseLabels[phase])}` : title;
    if (a.documentId) return <Link href={`/documents/${a.documentId}`}>{text || '…'}</Link>;
    if (a.cycleId) return <Link href={`/cycles/${a.cycleId}`}>{text || '…'}</Link>;
    return text;
  };
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href={`/teams/${teamId}`}>{team.status === 'ready' ? team.data.team.name : t('common.back')}</Link>
      </nav>
      <h1>{t('activity.heading', { team: team.status === 'ready' ? team.data.team.name : '' })}</h1>
      <div className="inline-form">
        <label>
          {t('activity.filterPerson')}
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">{t('activity.all')}</option>
            {team.status === 'ready' &&
              team.data.members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('activity.filterKind')}
          <select value={verb} onChange={(e) => setVerb(e.target.value as ActivityVerb | '')}>
            <option value="">{t('activity.all')}</option>
            {ActivityVerbs.map((v) => (
              <option key={v} value={v}>
                {pick(activityVerbLabels[v])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {feed.status === 'error' && <ErrorMessage error={feed.error} />}
      {feed.status === 'ready' &&
        (feed.data.activity.length === 0 ? (
          <p className="empty">{t('activity.empty')}</p>
        ) : (
          <ol className="activity">
            {feed.data.activity.map((a) => (
              <li key={a.id}>
                <span className="muted small">{formatDateTime(a.createdAt)}</span> <strong>{a.actorName ?? '?'}</strong>{' '}
                {pick(activityVerbLabels[a.verb])} {object(a)}
              </li>
            ))}
          </ol>
        ))}
    </main>
  );
}
