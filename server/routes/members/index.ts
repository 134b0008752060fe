import { Hono } from 'hono';
import { updateMemberBody } from '../../../shared/schemas/members';
import { actorOf } from '../../audit/actor';
import { recordAudit } from '../../audit/audit';
import type { AppDeps, AppEnv } from '../../context';
import { changeRole, listMembers, removeMember } from '../../members/members';
import { authorizeMembershipChange, authorizeTeam, canSeeMemberEmails } from '../../policies';
import { findTeamForUser } from '../../teams/find-teams';
import { validate } from '../../validate';
import { memberParam, teamParam } from '../params';

export const memberRoutes = ({ db, sync, config }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/members', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      const { role, user } = await authorizeTeam(db, c.var.auth, teamId, 'members.read');
      const team = (await findTeamForUser(db, teamId, user.user.id))!;
      return c.json(
        { members: await listMembers(db, teamId, canSeeMemberEmails(role, team)), memberEmailsVisibleToGuests: team.memberEmailsVisibleToGuests },
        200,
      );
    })
    .patch('/teams/:teamId/members/:userId', validate('param', memberParam), validate('json', updateMemberBody), async (c) => {
      const { teamId, userId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'members.manage');
      const { member, previous } = await changeRole(db, sync, teamId, userId, c.req.valid('json').role);
      if (previous !== member.role) {
        await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'member.role', targetType: 'member', targetId: userId, detail: { from: previous, to: member.role } });
      }
      return c.json(member, 200);
    })
    .delete('/teams/:teamId/members/:userId', validate('param', memberParam), async (c) => {
      const { teamId, userId } = c.req.valid('param');
      await authorizeMembershipChange(db, c.var.auth, teamId, userId);
      await removeMember(db, sync, teamId, userId);
      await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'member.removed', targetType: 'member', targetId: userId });
      return c.body(null, 204);
    });
