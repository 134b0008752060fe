import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { roleLabels } from '../../shared/roles';
import { ApiError, api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAuth } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link, navigate } from '../app/router';
import { useI18n } from '../i18n';

export function HomePage() {
  const { t, pick } = useI18n();
  const { refresh } = useAuth();
  const teams = useQuery('teams', () => call(api.teams.$get()));
  const [name, setName] = useState('');
  const [school, setSchool] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const team = await call(api.teams.$post({ json: { name, school } }));
      await refresh();
      navigate(`/teams/${team.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="page">
      <h1>{t('home.heading')}</h1>
      {teams.status === 'loading' && <p>{t('common.loading')}</p>}
      {teams.status === 'error' && <ErrorMessage error={teams.error} />}
      {teams.status === 'ready' &&
        (teams.data.teams.length === 0 ? (
          <p className="empty">{t('home.empty')}</p>
        ) : (
          <ul className="cards">
            {teams.data.teams.map((team) => (
              <li key={team.id}>
                <Link href={`/teams/${team.id}`} className="card">
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
        <form onSubmit={create} className="stack">
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
            <input
              name="school"
              value={school}
              required
              maxLength={Limits.schoolName.max}
              onChange={(e) => setSchool(e.target.value)}
            />
          </label>
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {t('common.create')}
          </button>
        </form>
      </section>
    </main>
  );
}
