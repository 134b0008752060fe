import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { documentKindLabels } from '../../shared/document-kinds';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, publishedQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { TagList } from '../components/Tags';
import { StaticDocument } from '../editor/StaticDocument';
import { useI18n } from '../i18n';

const route = getRouteApi('/library/$publishedId');

/** A published copy as it was when published: read, started from in a team, or withdrawn. */
export function PublishedPage() {
  const { publishedId } = route.useParams();
  const { t, pick, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const item = useQuery(publishedQuery(publishedId));
  const [teamId, setTeamId] = useState('');
  const fork = useApiMutation((team: string) => call(api.library[':publishedId'].fork.$post({ param: { publishedId }, json: { teamId: team } })), {
    invalidate: (_data, team) => [keys.library, keys.team(team)],
    onSuccess: (result) => navigate({ to: '/cycles/$cycleId', params: { cycleId: result.cycle.id } }),
  });
  const withdraw = useApiMutation(() => call(api.library[':publishedId'].withdraw.$post({ param: { publishedId } })), {
    invalidate: [keys.library],
    onSuccess: () => navigate({ to: '/library', search: {} }),
  });
  if (item.isPending) return <p role="status">{t('common.loading')}</p>;
  if (item.error) {
    return (
      <main id="main" className="page">
        <ErrorMessage error={item.error} />
      </main>
    );
  }
  const p = item.data;
  const chosen = teamId || p.forkTeams[0]?.id || '';
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link> / <Link to="/library">{t('library.heading')}</Link>
      </nav>
      <header className="doc-header">
        <div>
          <PageTitle>{p.title}</PageTitle>
          <p className="muted">
            {pick(documentKindLabels[p.kind])} · {t('library.from', { team: p.team.name, school: p.school.name })} ·{' '}
            {t('library.publishedAt', { date: formatDateTime(p.publishedAt) })}
          </p>
          {p.researchQuestion && <p>{p.researchQuestion}</p>}
          <TagList tags={p.tags} />
          <p className="muted small">
            {t(p.scope === 'network' ? 'publish.scope.network' : 'publish.scope.school')}
            {p.reuseCount > 0 && ` · ${t('library.reused', { count: p.reuseCount })}`}
          </p>
        </div>
        <div className="stack">
          {p.forkTeams.length > 0 && (
            <div className="panel stack" aria-label={t('library.fork')}>
              <label>
                {t('library.forkInto')}
                <select value={chosen} onChange={(e) => setTeamId(e.target.value)}>
                  {p.forkTeams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="primary" disabled={fork.isPending || !chosen} onClick={() => fork.mutate(chosen)}>
                {t('library.fork')}
              </button>
              <p className="hint small">{t('library.forkHelp')}</p>
              <ErrorMessage error={fork.error} />
            </div>
          )}
          {p.canWithdraw && (
            <>
              <button type="button" disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
                {t('publish.withdraw')}
              </button>
              <ErrorMessage error={withdraw.error} />
            </>
          )}
        </div>
      </header>
      {p.content ? <StaticDocument doc={p.content} label={p.title} /> : <p className="empty">{t('library.withdrawn')}</p>}
    </main>
  );
}
