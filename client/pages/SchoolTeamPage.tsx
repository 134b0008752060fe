import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type DocumentKind, documentKindLabels } from '../../shared/document-kinds';
import { schoolTeamQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { TeamCard } from '../schools/TeamCard';

const route = getRouteApi('/schools/$schoolId/teams/$teamId');

/** One team, drilled into from the school overview: its overview and how much shared work each round has (never its notes). */
export function SchoolTeamPage() {
  const { schoolId, teamId } = route.useParams();
  const { t, pick } = useI18n();
  const team = useQuery(schoolTeamQuery(schoolId, teamId));
  if (team.isPending) return <p role="status">{t('common.loading')}</p>;
  if (team.error) {
    return (
      <main id="main" className="page">
        <ErrorMessage error={team.error} />
      </main>
    );
  }
  const data = team.data;
  const titles = new Map(data.cycles.map((c) => [c.id, c.title]));
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link> /{' '}
        <Link to="/schools/$schoolId" params={{ schoolId }}>
          {data.school.name}
        </Link>
      </nav>
      <PageTitle>{data.name}</PageTitle>
      <p className="hint">{t('school.drillHelp')}</p>
      <TeamCard team={data} schoolId={schoolId} drillIn={false} />
      <section aria-labelledby="work-heading" className="panel">
        <h2 id="work-heading">{t('school.work')}</h2>
        {data.work.length === 0 ? (
          <p className="empty">{t('school.noWork')}</p>
        ) : (
          <table className="work-table">
            <thead>
              <tr>
                <th scope="col">{t('school.cycle')}</th>
                <th scope="col">{t('school.round')}</th>
                <th scope="col">{t('school.documents')}</th>
              </tr>
            </thead>
            <tbody>
              {data.work.map((w) => (
                <tr key={`${w.cycleId}:${w.round}`}>
                  <td>{titles.get(w.cycleId) ?? ''}</td>
                  <td>{w.round}</td>
                  <td>
                    {(Object.entries(w.counts) as Array<[DocumentKind, number]>)
                      .map(([kind, n]) => `${pick(documentKindLabels[kind])}: ${n}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
