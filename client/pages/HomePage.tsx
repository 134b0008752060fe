import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { roleLabels } from '../../shared/roles';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { accountQuery, keys, setupQuery, teamsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { ImportTeam } from '../privacy/ImportTeam';
import { Form } from '../components/Form';
import { BeyondTheTeam } from '../schools/BeyondTheTeam';

export function HomePage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const teams = useQuery(teamsQuery());
  const [name, setName] = useState('');
  const [school, setSchool] = useState('');
  const account = useQuery(accountQuery());
  const provider = useQuery(setupQuery()).data?.oidc?.name ?? '';
  const orgUnits = account.data?.orgUnits ?? [];
  // A school the identity provider vouches for comes first; '' means typing another one.
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const chosenUnit = orgUnitId ?? orgUnits[0]?.id ?? '';
  const create = useApiMutation(() => call(api.teams.$post({ json: chosenUnit ? { name, orgUnitId: chosenUnit } : { name, school } })), {
    invalidate: [keys.teams, keys.me],
    onSuccess: async (team) => {
      await navigate({ to: '/teams/$teamId', params: { teamId: team.id } });
    },
  });
  const submit = () => {
    create.mutate();
  };

  return (
    <main id="main" className="page">
      <PageTitle>{t('home.heading')}</PageTitle>
      <BeyondTheTeam />
      {teams.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorMessage error={teams.error} />
      {teams.data &&
        (teams.data.teams.length === 0 ? (
          <p className="empty">{t('home.empty')}</p>
        ) : (
          <ul className="cards">
            {teams.data.teams.map((team) => (
              <li key={team.id}>
                <Link to="/teams/$teamId" params={{ teamId: team.id }} className="card">
                  <strong>{team.name}</strong>
                  <span className="muted">
                    {team.school.name} · {pick(roleLabels[team.role])}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
      <section aria-labelledby="new-team" className="panel">
        <h2 id="new-team">{t('teams.create.heading')}</h2>
        <Form onSubmit={submit} className="stack">
          <label>
            {t('teams.create.name')}
            <input
              name="team-name"
              value={name}
              required
              maxLength={Limits.teamName.max}
              placeholder={t('teams.create.namePlaceholder')}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          {orgUnits.length > 0 && (
            <label>
              {t('teams.create.school')}
              <select name="org-unit" value={chosenUnit} onChange={(e) => setOrgUnitId(e.target.value)}>
                {orgUnits.map((unit) => (
                  <option key={unit.id} value={unit.id}>
                    {/* Until the provider's name has come, the school's name alone (never "in :"). */}
                    {provider ? `${t('teams.create.feideSchool', { name: provider })}: ${unit.name}` : unit.name}
                  </option>
                ))}
                <option value="">{t('teams.create.otherSchool')}</option>
              </select>
            </label>
          )}
          {!chosenUnit && (
            <label>
              {orgUnits.length > 0 ? t('teams.create.otherSchool') : t('teams.create.school')}
              <input name="school" value={school} required maxLength={Limits.schoolName.max} onChange={(e) => setSchool(e.target.value)} />
            </label>
          )}
          <ErrorMessage error={create.error} />
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('common.create')}
          </button>
        </Form>
      </section>
      <ImportTeam />
    </main>
  );
}
