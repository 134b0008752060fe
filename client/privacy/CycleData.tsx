import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Retention } from '../../shared/privacy';
import type { Cycle } from '../../shared/schemas/cycles';
import type { TeamCan } from '../../shared/schemas/teams';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';
import { TypedConfirm } from './TypedConfirm';

/** On a cycle: closing it (which starts the retention clock), how long notes are kept, deleting it. */
export function CycleData({ cycle, can }: { cycle: Cycle; can: TeamCan }) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const [days, setDays] = useState(String(cycle.observationRetentionDays));
  const [notice, setNotice] = useState('');
  const stale = [keys.cycle(cycle.id), keys.team(cycle.teamId)];
  const close = useApiMutation(() => call(api.cycles[':cycleId'].close.$post({ param: { cycleId: cycle.id } })), { invalidate: stale });
  const reopen = useApiMutation(() => call(api.cycles[':cycleId'].reopen.$post({ param: { cycleId: cycle.id } })), { invalidate: stale });
  const retain = useApiMutation(
    () => call(api.cycles[':cycleId'].retention.$put({ param: { cycleId: cycle.id }, json: { observationRetentionDays: Number(days) } })),
    { invalidate: stale, onSuccess: () => setNotice(t('cycle.data.retentionSaved')) },
  );
  const remove = useApiMutation(
    (confirm: string) => call(api.cycles[':cycleId'].$delete({ param: { cycleId: cycle.id }, json: { confirm } })),
    { invalidate: [keys.team(cycle.teamId)], onSuccess: () => navigate({ to: '/teams/$teamId', params: { teamId: cycle.teamId } }) },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    retain.mutate();
  };
  return (
    <section aria-labelledby="cycle-data-heading" className="panel">
      <h2 id="cycle-data-heading">{t('cycle.data.heading')}</h2>
      {cycle.observationsDeletedAt && <p>{t('cycle.data.deletedAt', { date: formatDateTime(cycle.observationsDeletedAt) })}</p>}
      {cycle.closedAt ? (
        <p data-testid="cycle-closed">
          {t('cycle.data.closed', { date: formatDateTime(cycle.closedAt), deleteAt: formatDateTime(cycle.observationsDeleteAt!) })}
        </p>
      ) : (
        <p>{t('cycle.data.running', { days: t('count.days', { count: cycle.observationRetentionDays }) })}</p>
      )}
      {can.editCycles && (
        <button type="button" disabled={close.isPending || reopen.isPending} onClick={() => (cycle.closedAt ? reopen.mutate() : close.mutate())}>
          {cycle.closedAt ? t('cycle.data.reopen') : t('cycle.data.close')}
        </button>
      )}
      <ErrorMessage error={close.error ?? reopen.error} />
      {can.manageRetention && (
        <>
          <form onSubmit={submit} className="inline-form">
            <label>
              {t('cycle.data.retention')}
              <input
                type="number"
                name="retention-days"
                min={0}
                max={Retention.maxObservationDays}
                required
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-describedby="retention-help"
              />
            </label>
            <button type="submit" disabled={retain.isPending}>
              {t('cycle.data.retentionSave')}
            </button>
          </form>
          <p id="retention-help" className="hint">
            {t('cycle.data.retentionHelp', { max: Retention.maxObservationDays })}
          </p>
          <output aria-live="polite">{notice}</output>
          <ErrorMessage error={retain.error} />
        </>
      )}
      {can.deleteData && (
        <>
          <details className="danger">
            <summary>{t('cycle.data.delete')}</summary>
            <p>{t('cycle.data.deleteHelp')}</p>
            <TypedConfirm
              label={t('cycle.data.deleteType', { name: cycle.title })}
              expected={cycle.title}
              button={t('cycle.data.deleteButton')}
              busy={remove.isPending}
              onConfirm={(typed) => remove.mutate(typed)}
            />
            <ErrorMessage error={remove.error} />
          </details>
        </>
      )}
    </section>
  );
}
