import { Hono } from 'hono';
import { createInviteBody } from '../../../shared/schemas/invites';
import { actorOf } from '../../audit/actor';
import { recordAudit } from '../../audit/audit';
import { clientAddress } from '../../auth/client-address';
import type { AppDeps, AppEnv } from '../../context';
import { notFound } from '../../errors';
import { acceptInvite, createInvite, listActiveInvites, previewInvite, revokeInvite } from '../../invites/invites';
import { authorizeTeam, requireUser } from '../../policies';
import { validate } from '../../validate';
import { inviteParam, teamParam, tokenParam } from '../params';

export const inviteRoutes = ({ db, config }: AppDeps) =>
  new Hono<AppEnv>()
    .post('/teams/:teamId/invites', validate('param', teamParam), validate('json', createInviteBody), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'invites.manage');
      const origin = config.publicOrigin ?? new URL(c.req.url).origin;
      const invite = await createInvite(db, teamId, user.user.id, c.req.valid('json'), origin);
      await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'invite.created', targetType: 'invite', targetId: invite.id, detail: { role: invite.role, maxUses: invite.maxUses } });
      return c.json(invite, 201);
    })
    .get('/teams/:teamId/invites', validate('param', teamParam), async (c) => {
      const { teamId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'invites.manage');
      return c.json({ invites: await listActiveInvites(db, teamId) }, 200);
    })
    .delete('/teams/:teamId/invites/:inviteId', validate('param', inviteParam), async (c) => {
      const { teamId, inviteId } = c.req.valid('param');
      await authorizeTeam(db, c.var.auth, teamId, 'invites.manage');
      if (!await revokeInvite(db, teamId, inviteId)) throw notFound('Invitation not found');
      await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'invite.revoked', targetType: 'invite', targetId: inviteId });
      return c.body(null, 204);
    })
    // Public on purpose: whoever holds the link may see which team it is for before signing up.
    .get('/invites/:token', validate('param', tokenParam), async (c) => {
      const preview = await previewInvite(db, c.req.valid('param').token);
      if (!preview) throw notFound('This invitation is not valid any more');
      return c.json(preview, 200);
    })
    .post('/invites/:token/accept', validate('param', tokenParam), async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(await acceptInvite(db, c.req.valid('param').token, user.id, clientAddress(c, config.trustProxy)), 200);
    });
