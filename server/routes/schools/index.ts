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
    .get('/', (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ schools: listSchoolsFor(db, user.id) }, 200);
    })
    .get('/:schoolId/overview', validate('param', schoolParam), (c) => {
      const { schoolId } = c.req.valid('param');
      const { viewer } = authorizeSchool(db, c.var.auth, schoolId);
      return c.json(loadSchoolOverview(db, viewer, schoolId, today(config)), 200);
    })
    .get('/:schoolId/teams/:teamId', validate('param', schoolTeamParam), (c) => {
      const { schoolId, teamId } = c.req.valid('param');
      const { viewer } = authorizeSchool(db, c.var.auth, schoolId);
      return c.json(loadTeamDrillIn(db, viewer, schoolId, teamId, today(config)), 200);
    })
    .get('/:schoolId/learning-stories', validate('param', schoolParam), (c) => {
      const { schoolId } = c.req.valid('param');
      authorizeSchool(db, c.var.auth, schoolId);
      return c.json(schoolStories(db, schoolId), 200);
    })
    .get('/:schoolId/leaders', validate('param', schoolParam), (c) => {
      const { schoolId } = c.req.valid('param');
      authorizeSchool(db, c.var.auth, schoolId);
      return c.json(listSchoolLeaders(db, schoolId), 200);
    })
    .post('/:schoolId/leaders', validate('param', schoolParam), validate('json', grantLeaderBody), (c) => {
      const { schoolId } = c.req.valid('param');
      const { user } = authorizeSchool(db, c.var.auth, schoolId);
      const { userId } = c.req.valid('json');
      authorizeLeaderCandidate(db, schoolId, userId);
      grantSchoolLeader(db, schoolId, userId, user.user.id);
      return c.json(listSchoolLeaders(db, schoolId), 201);
    })
    .delete('/:schoolId/leaders/:userId', validate('param', schoolLeaderParam), (c) => {
      const { schoolId, userId } = c.req.valid('param');
      authorizeSchool(db, c.var.auth, schoolId);
      revokeSchoolLeader(db, sync, schoolId, userId);
      return c.body(null, 204);
    });
