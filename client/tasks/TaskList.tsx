import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { Task } from '../../shared/schemas/tasks';
import { api, call, toApiError } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { dateLocales, useI18n } from '../i18n';

/**
 * Action items with their document, owner and due date, overdue ones marked. Ticking one writes
 * it into the document itself (through the sync server), so whoever has it open sees it at once.
 */
export function TaskList({ tasks, showTeam }: { tasks: Task[]; showTeam: boolean }) {
  const { t, formatDay } = useTaskDates();
  const client = useQueryClient();
  const stale = (task: Task) => [keys.tasks, keys.team(task.teamId), keys.document(task.documentId)];
  const toggle = useApiMutation(
    async (task: Task) => {
      try {
        return await call(
          api.me.tasks[':documentId'][':position'].$patch({
            param: { documentId: task.documentId, position: String(task.position) },
            json: { done: !task.done, owner: task.owner, text: task.text },
          }),
        );
      } catch (error) {
        // It changed in the document meanwhile: the list is read again, and the message says so.
        if (toApiError(error).code === 'task_changed') await Promise.all(stale(task).map((queryKey) => client.invalidateQueries({ queryKey })));
        throw error;
      }
    },
    { invalidate: (_data, task) => stale(task) },
  );
  return (
    <>
      <ErrorMessage error={toggle.error} />
      <ul className="plain task-list">
        {tasks.map((task) => {
          const id = `task-${task.documentId}-${task.position}`;
          // Shown as ticked while it is being written into the document (the list is read again after).
          const done = toggle.isPending && toggle.variables === task ? !task.done : task.done;
          return (
            <li key={`${task.documentId}:${task.position}`} className={task.overdue ? 'task overdue' : task.done ? 'task done' : 'task'} data-testid="task">
              <label className="inline">
                <input type="checkbox" checked={done} disabled={!task.canToggle || toggle.isPending} onChange={() => toggle.mutate(task)} aria-describedby={id} />
                <span>{task.text || t('tasks.untitled')}</span>
              </label>{' '}
              <span id={id} className="muted small">
                {task.overdue ? <strong className="overdue-label">{t('tasks.overdue', { date: formatDay(task.due) })}</strong> : t('tasks.due', { date: formatDay(task.due) })}
                {' · '}
                {t('tasks.owner', { name: task.owner })}
                {' · '}
                <Link to="/documents/$documentId" params={{ documentId: task.documentId }}>
                  {task.documentTitle}
                </Link>
                {showTeam && ` · ${task.teamName}`}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Due dates (YYYY-MM-DD: a day, no time) in the reader's language. */
function useTaskDates() {
  const { t, locale } = useI18n();
  const format = new Intl.DateTimeFormat(dateLocales[locale], { dateStyle: 'medium', timeZone: 'UTC' });
  return { t, formatDay: (day: string) => format.format(new Date(`${day}T00:00:00Z`)) };
}
