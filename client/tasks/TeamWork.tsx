import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { storyTagLabels } from '../../shared/learning-stories';
import type { TeamHome } from '../../shared/schemas/teams';
import { teamStoriesQuery } from '../api/queries';
import { useI18n } from '../i18n';
import { TaskList } from './TaskList';

/** The team's open action items on its home: overdue first; one's own can be ticked here. */
export function OpenItems({ home }: { home: TeamHome }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="open-items-heading" className="panel">
      <h2 id="open-items-heading">{t('tasks.teamHeading')}</h2>
      {home.openItems.length === 0 ? <p className="muted">{t('tasks.teamEmpty')}</p> : <TaskList tasks={home.openItems} showTeam={false} />}
      <p>
        <Link to="/me/tasks">{t('tasks.link')}</Link>
      </p>
    </section>
  );
}

/** What the team has published beyond itself, and how often others started a cycle from it. */
export function SharedBeyond({ home }: { home: TeamHome }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="shared-heading" className="panel">
      <h2 id="shared-heading">{t('school.shared')}</h2>
      {home.published.length === 0 ? (
        <p className="muted">{t('school.nothingShared')}</p>
      ) : (
        <ul className="plain">
          {home.published.map((p) => (
            <li key={p.id} data-testid="shared-item">
              <Link to="/library/$publishedId" params={{ publishedId: p.id }}>
                {p.title}
              </Link>{' '}
              <span className="muted small">{t('library.reused', { count: p.reuseCount })}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/library">{t('library.link')}</Link>
      </p>
    </section>
  );
}

/** What made the team's learning stories work, gathered across them. Shown once there is a story. */
export function TeamStories({ teamId }: { teamId: string }) {
  const { t, pick } = useI18n();
  const stories = useQuery(teamStoriesQuery(teamId));
  if (!stories.data || stories.data.stories.length === 0) return null;
  return (
    <section aria-labelledby="team-stories-heading" className="panel">
      <h2 id="team-stories-heading">{t('stories.heading')}</h2>
      <p className="muted">{t('stories.count', { count: stories.data.stories.length })}</p>
      <ul className="plain story-tags">
        {stories.data.tags.map((tag) => (
          <li key={tag.tag}>
            {pick(storyTagLabels[tag.tag])}: {tag.count}
          </li>
        ))}
      </ul>
    </section>
  );
}
