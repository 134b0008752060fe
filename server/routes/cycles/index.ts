import { Hono } from 'hono';
import { DEFAULT_LOCALE } from '../../../shared/locale';
import { confirmDeletionBody, retentionBody } from '../../../shared/schemas/data';
import { actorOf } from '../../audit/actor';
import { recordAudit } from '../../audit/audit';
import { deleteCycle } from '../../deletion/delete-cycle';
import { assertConfirmed } from '../../deletion/delete-team';
import { advanceCycleBody, createCycleBody, updateCycleBody } from '../../../shared/schemas/cycles';
import type { AppDeps, AppEnv } from '../../context';
import { recordActivity } from '../../activity/activity';
import { advanceCycle, createCycle, cycleBoard, findCycle, findCycleRow, listCycles, updateCycle, versionCycleDocuments } from '../../cycles/cycles';
import { authorizeCycle, authorizeTeam } from '../../policies';
import { validate } from '../../validate';
import { cycleParam, teamParam } from '../params';

export const cycleRoutes = ({ db, sync, log, config, clock, retention }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/cycles', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json({ cycles: await listCycles(db, teamId) }, 200);
    })
    .post('/teams/:teamId/cycles', validate('param', teamParam), validate('json', createCycleBody), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'document.create');
      const cycle = await createCycle(db, teamId, user.user.id, c.req.valid('json'));
      await recordActivity(db, { teamId, actorId: user.user.id, verb: 'cycle.created', cycleId: cycle.id, summary: { title: cycle.title } });
      return c.json(cycle, 201);
    })
    .get('/cycles/:cycleId', validate('param', cycleParam), async (c) => {
      const { cycleId } = c.req.valid('param');
      const { viewer } = await authorizeCycle(db, c.var.auth, cycleId, 'document.read');
      return c.json(await cycleBoard(db, viewer, (await findCycleRow(db, cycleId))!), 200);
    })
    .patch('/cycles/:cycleId', validate('param', cycleParam), validate('json', updateCycleBody), async (c) => {
      const { cycleId } = c.req.valid('param');
      const { user } = await authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      const before = (await findCycleRow(db, cycleId))!;
      const patch = c.req.valid('json');
      if (patch.phase && patch.phase !== before.phase) await versionCycleDocuments(db, sync, before, user.user.id);
      const cycle = await updateCycle(db, before, patch);
      if (patch.phase && patch.phase !== before.phase) {
        await recordActivity(db, { teamId: cycle.teamId, actorId: user.user.id, verb: 'cycle.phase', cycleId, summary: { title: cycle.title, phase: cycle.phase } });
      }
      return c.json(cycle, 200);
    })
    .delete('/cycles/:cycleId', validate('param', cycleParam), validate('json', confirmDeletionBody), async (c) => {
      const { cycleId } = c.req.valid('param');
      await authorizeCycle(db, c.var.auth, cycleId, 'data.delete');
      assertConfirmed(c.req.valid('json').confirm, (await findCycleRow(db, cycleId))!.title, 'cycle');
      return c.json({ deleted: await deleteCycle({ db, sync, log }, cycleId, actorOf(c, config.trustProxy)) }, 200);
    })
    .post('/cycles/:cycleId/close', validate('param', cycleParam), async (c) => {
      const { cycleId } = c.req.valid('param');
      await authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      const row = (await findCycleRow(db, cycleId))!;
      if (!row.closedAt) await updateCycle(db, row, { closedAt: clock.now() });
      // With 0 days of retention the notes go now, not at the next hourly run.
      if (row.observationRetentionDays === 0) await retention.run();
      return c.json((await findCycle(db, cycleId))!, 200);
    })
    .post('/cycles/:cycleId/reopen', validate('param', cycleParam), async (c) => {
      const { cycleId } = c.req.valid('param');
      await authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      // Reopening stops the retention clock; closing again starts it afresh.
      await updateCycle(db, (await findCycleRow(db, cycleId))!, { closedAt: null });
      return c.json((await findCycle(db, cycleId))!, 200);
    })
    .put('/cycles/:cycleId/retention', validate('param', cycleParam), validate('json', retentionBody), async (c) => {
      const { cycleId } = c.req.valid('param');
      const { teamId } = await authorizeCycle(db, c.var.auth, cycleId, 'retention.manage');
      const before = (await findCycleRow(db, cycleId))!;
      const days = c.req.valid('json').observationRetentionDays;
      await updateCycle(db, before, { observationRetentionDays: days });
      await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'cycle.retention', targetType: 'cycle', targetId: cycleId, detail: { from: before.observationRetentionDays, to: days } });
      if (before.closedAt) await retention.run();
      return c.json((await findCycle(db, cycleId))!, 200);
    })
    .post('/cycles/:cycleId/advance', validate('param', cycleParam), validate('json', advanceCycleBody), async (c) => {
      const { cycleId } = c.req.valid('param');
      const { user, viewer } = await authorizeCycle(db, c.var.auth, cycleId, 'document.edit');
      const row = (await findCycleRow(db, cycleId))!;
      const locale = c.req.valid('json').locale ?? DEFAULT_LOCALE;
      await versionCycleDocuments(db, sync, row, user.user.id);
      const result = await advanceCycle(db, sync, viewer, row, locale);
      await recordActivity(db, { teamId: row.teamId, actorId: user.user.id, verb: 'cycle.advanced', cycleId, documentId: result.plan.id, summary: { title: row.title, round: result.cycle.round } });
      return c.json(result, 200);
    });
