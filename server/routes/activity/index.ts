import { Hono } from 'hono';
import { z } from 'zod';
import { ActivityVerbs } from '../../../shared/schemas/activity';
import { idParam } from '../../../shared/schemas/ids';
import { listActivity } from '../../activity/activity';
import type { AppDeps, AppEnv } from '../../context';
import { authorizeTeam } from '../../policies';
import { validate } from '../../validate';
import { teamParam } from '../params';

const activityQuery = z.object({
  actor: idParam.optional(),
  verb: z.enum(ActivityVerbs).optional(),
  documentId: idParam.optional(),
  before: z.iso.datetime().optional(),
});

export const activityRoutes = ({ db }: AppDeps) =>
  new Hono<AppEnv>().get('/teams/:teamId/activity', validate('param', teamParam), validate('query', activityQuery), async (c) => {
    const { teamId } = c.req.valid('param');
    const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'team.read');
    const q = c.req.valid('query');
    const filter = { actorId: q.actor, verb: q.verb, documentId: q.documentId, before: q.before ? new Date(q.before) : undefined };
    return c.json({ activity: await listActivity(db, viewer, teamId, filter) }, 200);
  });
