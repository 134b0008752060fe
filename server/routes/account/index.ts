import { Hono } from 'hono';
import { z } from 'zod';
import { idParam } from '../../../shared/schemas/ids';
import { updateNotificationSettingsBody } from '../../../shared/schemas/account';
import { loadAccount } from '../../account/account';
import { unlinkIdentity } from '../../auth/oidc-accounts';
import type { AppDeps, AppEnv } from '../../context';
import { getSettings, updateSettings } from '../../notifications/settings';
import { requireUser } from '../../policies';
import { validate } from '../../validate';

const identityParam = z.object({ identityId: idParam });

/** The signed-in person's own account: how they sign in, and what they get e-mail about. */
export const accountRoutes = ({ db, oidc }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(loadAccount(db, user.id, oidc?.name ?? 'OpenID Connect'), 200);
    })
    .delete('/identities/:identityId', validate('param', identityParam), (c) => {
      const { user } = requireUser(c.var.auth);
      unlinkIdentity(db, user.id, c.req.valid('param').identityId);
      return c.body(null, 204);
    })
    .get('/notifications', (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(getSettings(db, user.id), 200);
    })
    .patch('/notifications', validate('json', updateNotificationSettingsBody), (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(updateSettings(db, user.id, c.req.valid('json')), 200);
    });
