import { Hono } from 'hono';
import { roleCan } from '../../../shared/roles';
import { updateMemberBody } from '../../../shared/schemas/members';
import type { AppDeps, AppEnv } from '../../context';
import { changeRole, listMembers, removeMember } from '../../members/members';
import { authorizeMembershipChange, authorizeTeam } from '../../policies';
import { validate } from '../../validate';
import { memberParam, teamParam } from '../params';

export const memberRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/members', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      const { role } = authorizeTeam(db, c.var.auth, teamId, 'members.read');
      return c.json({ members: listMembers(db, teamId, roleCan(role, 'members.manage')) }, 200);
    })
    .patch('/teams/:teamId/members/:userId', validate('param', memberParam), validate('json', updateMemberBody), (c) => {
      const { teamId, userId } = c.req.valid('param');
      authorizeTeam(db, c.var.auth, teamId, 'members.manage');
      return c.json(changeRole(db, sync, teamId, userId, c.req.valid('json').role), 200);
    })
    .delete('/teams/:teamId/members/:userId', validate('param', memberParam), (c) => {
      const { teamId, userId } = c.req.valid('param');
      authorizeMembershipChange(db, c.var.auth, teamId, userId);
      removeMember(db, sync, teamId, userId);
      return c.body(null, 204);
    });
