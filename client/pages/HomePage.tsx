import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { roleLabels } from '../../shared/roles';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, teamsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';

export function HomePage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const teams = useQuery(teamsQuery());
  const [name, setName] = useState('');
  const [school, setSchool] = useState('');
  const create = useApiMutation(() => call(api.teams.$post({ json: { name, school } })), {
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
          <label>
            {t('teams.create.school')}
            <input name="school" value={school} required maxLength={Limits.schoolName.max} onChange={(e) => setSchool(e.target.value)} />
          </label>
          <ErrorMessage error={create.error} />
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('common.create')}
          </button>
        </Form>
      </section>
    </main>
  );
}
