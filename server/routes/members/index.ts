import { Hono } from 'hono';
import { updateMemberBody } from '../../../shared/schemas/members';
import type { AppDeps, AppEnv } from '../../context';
import { changeRole, listMembers, removeMember } from '../../members/members';
import { authorizeMembershipChange, authorizeTeam, canSeeMemberEmails } from '../../policies';
import { findTeamForUser } from '../../teams/find-teams';
import { validate } from '../../validate';
import { memberParam, teamParam } from '../params';

export const memberRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/members', validate('param', teamParam), (c) => {
      const { teamId } = c.req.valid('param');
      const { role, user } = authorizeTeam(db, c.var.auth, teamId, 'members.read');
      const team = findTeamForUser(db, teamId, user.user.id)!;
      return c.json(
        { members: listMembers(db, teamId, canSeeMemberEmails(role, team)), memberEmailsVisibleToGuests: team.memberEmailsVisibleToGuests },
        200,
      );
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
