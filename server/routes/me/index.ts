import { Hono } from 'hono';
import { taskDoneBody, taskParam } from '../../../shared/schemas/tasks';
import type { AppDeps, AppEnv } from '../../context';
import { authorizeDocument, requireUser } from '../../policies';
import { myTasks, setTaskDone } from '../../tasks/tasks';
import { today } from '../../tasks/today';
import { validate } from '../../validate';

/** What is mine across teams: the action items assigned to me. */
export const meRoutes = ({ db, sync, config }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/tasks', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ tasks: await myTasks(db, { userId: user.id }, today(config)) }, 200);
    })
    .patch('/tasks/:documentId/:position', validate('param', taskParam), validate('json', taskDoneBody), async (c) => {
      const { documentId, position } = c.req.valid('param');
      const { viewer, role } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const body = c.req.valid('json');
      return c.json(await setTaskDone(db, sync, viewer, role, { documentId, position }, body, today(config)), 200);
    });
