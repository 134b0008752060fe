import { Hono } from 'hono';
import { createCycleBody, updateCycleBody } from '../../../shared/schemas/cycles';
import type { AppDeps, AppEnv } from '../../context';
import { advanceCycle, createCycle, cycleBoard, findCycleRow, listCycles, updateCycle } from '../../cycles/cycles';
import { authorizeCycle, authorizeTeam } from '../../policies';
import { validate } from '../../validate';
import { cycleParam, teamParam } from '../params';

export const cycleRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/cycles', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json({ cycles: listCycles(db, teamId) }, 200);
    })
    .post('/teams/:teamId/cycles', validate('param', teamParam), validate('json', createCycleBody), (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = authorizeTeam(db, c.var.auth, teamId, 'document.create');
      return c.json(createCycle(db, teamId, user.user.id, c.req.valid('json')), 201);
    })
    .get('/cycles/:cycleId', validate('param', cycleParam), (c) => {
      const { cycleId } = c.req.valid('param');
      authorizeCycle(db, c.var.auth, cycleId, 'document.read');
      return c.json(cycleBoard(db, findCycleRow(db, cycleId)!), 200);
    })
    .patch('/cycles/:cycleId', validate('param', cycleParam), validate('json', updateCycleBody), (c) => {
      const { cycleId } = c.req.valid('param');
      authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      return c.json(updateCycle(db, findCycleRow(db, cycleId)!, c.req.valid('json')), 200);
    })
    .post('/cycles/:cycleId/advance', validate('param', cycleParam), async (c) => {
      const { cycleId } = c.req.valid('param');
      const { user } = authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      return c.json(await advanceCycle(db, sync, findCycleRow(db, cycleId)!, user.user.id), 200);
    });
