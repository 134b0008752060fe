import { Hono } from 'hono';
import { z } from 'zod';
import { Limits } from '../../../shared/limits';
import { confirmDeletionBody } from '../../../shared/schemas/data';
import { createTeamBody, updateTeamBody } from '../../../shared/schemas/teams';
import { actorOf } from '../../audit/actor';
import type { AppDeps, AppEnv } from '../../context';
import { assertConfirmed, deleteTeam } from '../../deletion/delete-team';
import { searchTeam } from '../../documents/search';
import { authorizeTeam, requireUser } from '../../policies';
import { createTeam } from '../../teams/create-team';
import { findTeamForUser, listTeamsForUser } from '../../teams/find-teams';
import { loadTeamHome, recordVisit } from '../../teams/team-home';
import { updateTeam } from '../../teams/update-team';
import { validate } from '../../validate';
import { teamStories } from '../../schools/learning-stories';
import { today } from '../../tasks/today';
import { teamParam } from '../params';

const searchQuery = z.object({
  q: z.string().trim().min(Limits.search.min).max(Limits.search.max),
  tag: z.string().trim().min(1).max(Limits.tag.max).optional(),
});

export const teamRoutes = ({ db, sync, log, config, teamPresence }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ teams: await listTeamsForUser(db, user.id) }, 200);
    })
    .post('/', validate('json', createTeamBody), async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(await createTeam(db, user.id, c.req.valid('json')), 201);
    })
    .get('/:teamId', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json((await findTeamForUser(db, teamId, user.user.id))!, 200);
    })
    .patch('/:teamId', validate('param', teamParam), validate('json', updateTeamBody), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'team.manage');
      await updateTeam(db, teamId, c.req.valid('json'));
      return c.json((await findTeamForUser(db, teamId, user.user.id))!, 200);
    })
    .delete('/:teamId', validate('param', teamParam), validate('json', confirmDeletionBody), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'data.delete');
      assertConfirmed(c.req.valid('json').confirm, (await findTeamForUser(db, teamId, user.user.id))!.name, 'team');
      return c.json({ deleted: await deleteTeam({ db, sync, log }, teamId, actorOf(c, config.trustProxy)) }, 200);
    })
    .get('/:teamId/home', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json(await loadTeamHome(db, teamPresence, viewer, teamId, today(config)), 200);
    })
    .post('/:teamId/visit', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'team.read');
      await recordVisit(db, teamId, user.user.id);
      return c.body(null, 204);
    })
    .get('/:teamId/learning-stories', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'document.read');
      return c.json(await teamStories(db, viewer, teamId), 200);
    })
    .get('/:teamId/search', validate('param', teamParam), validate('query', searchQuery), async (c) => {
      const { teamId } = c.req.valid('param');
      const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'document.read');
      const { q, tag } = c.req.valid('query');
      return c.json({ hits: await searchTeam(db, viewer, teamId, q, tag) }, 200);
    });
