import { Hono } from 'hono';
import { z } from 'zod';
import { idParam } from '../../../shared/schemas/ids';
import type { AppDeps, AppEnv } from '../../context';
import { listInbox, markInboxRead } from '../../inbox/inbox';
import { requireUser } from '../../policies';
import { validate } from '../../validate';

const readBody = z.strictObject({ ids: z.array(idParam).max(200).optional() });

export const inboxRoutes = ({ db }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ items: await listInbox(db, { userId: user.id }) }, 200);
    })
    .post('/read', validate('json', readBody), async (c) => {
      const { user } = requireUser(c.var.auth);
      await markInboxRead(db, user.id, c.req.valid('json').ids);
      return c.body(null, 204);
    });
