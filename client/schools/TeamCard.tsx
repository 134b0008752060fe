import { Link } from '@tanstack/react-router';
import { phaseLabels } from '../../shared/cycles';
import type { TeamOverview } from '../../shared/schemas/schools';
import { GapList } from '../components/GapList';
import { TagList } from '../components/Tags';
import { useI18n } from '../i18n';

/** One team as its school's leaders see it: focus, cycles with phase and gaps, meetings, shared work. */
export function TeamCard({ team, schoolId, drillIn }: { team: TeamOverview; schoolId: string; drillIn: boolean }) {
  const { t, pick, formatDateTime } = useI18n();
  return (
    <article className="panel team-overview" aria-labelledby={`team-${team.id}`} data-testid="school-team">
      <h3 id={`team-${team.id}`}>
        {drillIn ? (
          <Link to="/schools/$schoolId/teams/$teamId" params={{ schoolId, teamId: team.id }}>
            {team.name}
          </Link>
        ) : (
          team.name
        )}
      </h3>
      {team.focus && <p>{team.focus}</p>}
      <TagList tags={team.focusTags} />
      <p className="muted small">
        {team.lastActivityAt ? t('school.lastActivity', { date: formatDateTime(team.lastActivityAt) }) : t('school.noActivity')}
        {' · '}
        {t('school.openItems', { count: team.openItems })}
        {team.overdueItems > 0 && ` · ${t('school.overdueItems', { count: team.overdueItems })}`}
      </p>
      {team.cycles.length === 0 ? (
        <p className="empty">{t('school.noCycles')}</p>
      ) : (
        <ul className="plain cycle-overview">
          {team.cycles.map((cycle) => (
            <li key={cycle.id}>
              <strong>{cycle.title}</strong>
              <span className="muted">
                {' · '}
                {t('cycle.roundOf', { round: cycle.round, total: cycle.plannedRounds })} · {t('cycle.currentPhase', { phase: pick(phaseLabels[cycle.phase]) })}
              </span>
              {cycle.researchQuestion && <div className="small">{cycle.researchQuestion}</div>}
              {cycle.forkedFrom && <div className="muted small">{t('school.forkedFrom', { title: cycle.forkedFrom.title, school: cycle.forkedFrom.schoolName })}</div>}
              <TagList tags={cycle.tags} />
              <GapList gaps={cycle.gaps} />
            </li>
          ))}
        </ul>
      )}
      {team.meetings.length > 0 && (
        <>
          <h4>{t('school.meetings')}</h4>
          <ul className="plain">
            {team.meetings.map((m) => (
              <li key={m.documentId}>
                <Link to="/documents/$documentId" params={{ documentId: m.documentId }}>
                  {m.title}
                </Link>
                {m.running && <strong className="live-badge"> {t('school.meetingRunning')}</strong>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>{t('school.shared')}</h4>
      {team.shared.length === 0 ? (
        <p className="muted small">{t('school.nothingShared')}</p>
      ) : (
        <ul className="plain">
          {team.shared.map((p) => (
            <li key={p.id}>
              <Link to="/library/$publishedId" params={{ publishedId: p.id }}>
                {p.title}
              </Link>
              {p.reuseCount > 0 && <span className="muted small"> {t('library.reused', { count: p.reuseCount })}</span>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
