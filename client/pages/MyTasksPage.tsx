import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { myTasksQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { TaskList } from '../tasks/TaskList';

/** Every action item assigned to me, across teams and documents: overdue first. */
export function MyTasksPage() {
  const { t } = useI18n();
  const tasks = useQuery(myTasksQuery());
  const open = tasks.data?.filter((task) => !task.done) ?? [];
  const done = tasks.data?.filter((task) => task.done) ?? [];
  const overdue = open.filter((task) => task.overdue).length;
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/">{t('nav.home')}</Link>
      </nav>
      <PageTitle>{t('tasks.heading')}</PageTitle>
      <p className="hint">{t('tasks.help')}</p>
      {tasks.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorMessage error={tasks.error} />
      {tasks.data && (
        <>
          <p className="muted" data-testid="task-summary">
            {t('tasks.openCount', { count: open.length })}
            {overdue > 0 && ` · ${t('tasks.overdueCount', { count: overdue })}`}
          </p>
          {open.length === 0 ? <p className="empty">{t('tasks.empty')}</p> : <TaskList tasks={open} showTeam />}
          {done.length > 0 && (
            <section aria-labelledby="done-heading" className="panel">
              <h2 id="done-heading">{t('tasks.done')}</h2>
              <TaskList tasks={done} showTeam />
            </section>
          )}
        </>
      )}
    </main>
  );
}
