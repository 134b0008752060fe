import { Hono } from 'hono';
import { grantLeaderBody, schoolLeaderParam, schoolParam, schoolTeamParam } from '../../../shared/schemas/schools';
import type { AppDeps, AppEnv } from '../../context';
import { authorizeLeaderCandidate, authorizeSchool, requireUser } from '../../policies';
import { schoolStories } from '../../schools/learning-stories';
import { loadSchoolOverview, loadTeamDrillIn } from '../../schools/school-overview';
import { grantSchoolLeader, listSchoolLeaders, listSchoolsFor, revokeSchoolLeader } from '../../schools/school-leaders';
import { today } from '../../tasks/today';
import { validate } from '../../validate';

/** The school level: the overview for school leaders, and who they are. */
export const schoolRoutes = ({ db, sync, config }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ schools: await listSchoolsFor(db, user.id) }, 200);
    })
    .get('/:schoolId/overview', validate('param', schoolParam), async (c) => {
      const { schoolId } = c.req.valid('param');
      const { viewer } = await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await loadSchoolOverview(db, viewer, schoolId, today(config)), 200);
    })
    .get('/:schoolId/teams/:teamId', validate('param', schoolTeamParam), async (c) => {
      const { schoolId, teamId } = c.req.valid('param');
      const { viewer } = await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await loadTeamDrillIn(db, viewer, schoolId, teamId, today(config)), 200);
    })
    .get('/:schoolId/learning-stories', validate('param', schoolParam), async (c) => {
      const { schoolId } = c.req.valid('param');
      await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await schoolStories(db, schoolId), 200);
    })
    .get('/:schoolId/leaders', validate('param', schoolParam), async (c) => {
      const { schoolId } = c.req.valid('param');
      await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await listSchoolLeaders(db, schoolId), 200);
    })
    .post('/:schoolId/leaders', validate('param', schoolParam), validate('json', grantLeaderBody), async (c) => {
      const { schoolId } = c.req.valid('param');
      const { user } = await authorizeSchool(db, c.var.auth, schoolId);
      const { userId } = c.req.valid('json');
      await authorizeLeaderCandidate(db, schoolId, userId);
      await grantSchoolLeader(db, schoolId, userId, user.user.id);
      return c.json(await listSchoolLeaders(db, schoolId), 201);
    })
    .delete('/:schoolId/leaders/:userId', validate('param', schoolLeaderParam), async (c) => {
      const { schoolId, userId } = c.req.valid('param');
      await authorizeSchool(db, c.var.auth, schoolId);
      await revokeSchoolLeader(db, sync, schoolId, userId);
      return c.body(null, 204);
    });
