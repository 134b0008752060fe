import { Hono } from 'hono';
import {
  acceptNetworkInviteBody,
  createNetworkBody,
  networkParam,
  networkSchoolParam,
  networkTokenParam,
} from '../../../shared/schemas/schools';
import type { AppDeps, AppEnv } from '../../context';
import { AppError } from '../../errors';
import {
  acceptNetworkInvite,
  createNetwork,
  createNetworkInvite,
  findNetwork,
  leaveNetwork,
  listNetworks,
  previewNetworkInvite,
} from '../../networks/networks';
import { authorizeNetwork, authorizeSchool, requireUser } from '../../policies';
import { validate } from '../../validate';

/** Networks of schools that share published work, made and joined by school leaders. */
export const networkRoutes = ({ db, config }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/networks', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ networks: await listNetworks(db, user.id) }, 200);
    })
    .post('/networks', validate('json', createNetworkBody), async (c) => {
      const { name, schoolId } = c.req.valid('json');
      const { user } = await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await createNetwork(db, user.user.id, schoolId, name), 201);
    })
    .get('/networks/:networkId', validate('param', networkParam), async (c) => {
      const { networkId } = c.req.valid('param');
      const { user } = await authorizeNetwork(db, c.var.auth, networkId);
      return c.json(findNetwork(db, networkId, user.user.id), 200);
    })
    .post('/networks/:networkId/invites', validate('param', networkParam), async (c) => {
      const { networkId } = c.req.valid('param');
      const { user } = await authorizeNetwork(db, c.var.auth, networkId);
      const origin = config.publicOrigin ?? new URL(c.req.url).origin;
      return c.json(await createNetworkInvite(db, networkId, user.user.id, origin), 201);
    })
    .delete('/networks/:networkId/schools/:schoolId', validate('param', networkSchoolParam), async (c) => {
      const { networkId, schoolId } = c.req.valid('param');
      const { schools } = await authorizeNetwork(db, c.var.auth, networkId);
      if (!schools.includes(schoolId)) throw new AppError(403, 'forbidden', 'Only a leader of a school takes it out of a network');
      await leaveNetwork(db, networkId, schoolId);
      return c.body(null, 204);
    })
    // For whoever holds the link, signed in: the leader of another school decides with it.
    .get('/network-invites/:token', validate('param', networkTokenParam), async (c) => {
      requireUser(c.var.auth);
      return c.json(await previewNetworkInvite(db, c.req.valid('param').token), 200);
    })
    .post('/network-invites/:token/accept', validate('param', networkTokenParam), validate('json', acceptNetworkInviteBody), async (c) => {
      const { schoolId } = c.req.valid('json');
      const { user } = await authorizeSchool(db, c.var.auth, schoolId);
      return c.json(await acceptNetworkInvite(db, c.req.valid('param').token, schoolId, user.user.id), 200);
    });
