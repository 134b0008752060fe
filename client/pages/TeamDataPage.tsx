import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Retention } from '../../shared/privacy';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, teamQuery } from '../api/queries';
import { useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { ExportTeam } from '../privacy/ExportTeam';
import { retentionQuery } from '../privacy/queries';
import { TypedConfirm } from '../privacy/TypedConfirm';
import { TeamCrumbs } from '../components/TeamCrumbs';

const route = getRouteApi('/teams/$teamId/data');

/** A team's data: take it out, see what retention will delete and when, read the log, delete it all. */
export function TeamDataPage() {
  const { teamId } = route.useParams();
  const { t } = useI18n();
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  return (
    <main id="main" className="page">
      <TeamCrumbs team={team} />
      <PageTitle>{t('data.heading', { team: team.name })}</PageTitle>
      <p>
        <Link to="/privacy">{t('privacy.heading')}</Link>
      </p>
      {team.can.exportData ? (
        <>
          <ExportTeam teamId={teamId} />
          {team.can.manageRetention && <PendingDeletions teamId={teamId} />}
          {team.can.readAudit && (
            <p>
              <Link to="/teams/$teamId/audit" params={{ teamId }}>
                {t('data.audit.link')}
              </Link>
            </p>
          )}
          {team.can.deleteData && <DeleteTeam teamId={teamId} name={team.name} />}
        </>
      ) : (
        <p className="muted">{t('data.leadersOnly')}</p>
      )}
    </main>
  );
}

function PendingDeletions({ teamId }: { teamId: string }) {
  const { t, formatDateTime } = useI18n();
  const pending = useQuery(retentionQuery(teamId));
  return (
    <section aria-labelledby="retention-heading" className="panel">
      <h2 id="retention-heading">{t('data.retention.heading')}</h2>
      <p>{t('data.retention.help', { days: t('count.days', { count: Retention.defaultObservationDays }) })}</p>
      <ErrorMessage error={pending.error} />
      {pending.isPending && <p role="status">{t('common.loading')}</p>}
      {pending.data?.pending.length === 0 && <p className="muted">{t('data.retention.none')}</p>}
      {pending.data && pending.data.pending.length > 0 && (
        <ul className="plain" data-testid="pending-deletions">
          {pending.data.pending.map((p) => (
            <li key={p.cycleId} className={p.soon ? 'warning' : undefined}>
              <Link to="/cycles/$cycleId" params={{ cycleId: p.cycleId }}>
                {t('data.retention.item', { title: p.title, documents: t('count.observations', { count: p.observationDocuments }), date: formatDateTime(p.deletesAt) })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeleteTeam({ teamId, name }: { teamId: string; name: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [done, setDone] = useState('');
  const remove = useApiMutation((confirm: string) => call(api.teams[':teamId'].$delete({ param: { teamId }, json: { confirm } })), {
    invalidate: [keys.teams],
    onSuccess: async ({ deleted }) => {
      setDone(t('data.delete.done', { documents: t('count.documents', { count: deleted.documents }), threads: t('count.threads', { count: deleted.threads }), versions: t('count.versions', { count: deleted.versions }) }));
      await sessionChanged();
      await navigate({ to: '/' });
    },
  });
  return (
    <section aria-labelledby="delete-heading" className="panel danger">
      <h2 id="delete-heading">{t('data.delete.heading')}</h2>
      <p>{t('data.delete.help')}</p>
      <TypedConfirm label={t('data.delete.type', { name })} expected={name} button={t('data.delete.button')} busy={remove.isPending} onConfirm={(typed) => remove.mutate(typed)} />
      <ErrorMessage error={remove.error} />
      <output aria-live="polite">{done}</output>
    </section>
  );
}
