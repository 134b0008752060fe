import { Hono } from 'hono';
import { z } from 'zod';
import { idParam } from '../../../shared/schemas/ids';
import { updateNotificationSettingsBody } from '../../../shared/schemas/account';
import { loadAccount } from '../../account/account';
import { unlinkIdentity } from '../../auth/oidc-accounts';
import type { AppDeps, AppEnv } from '../../context';
import { getSettings, turnOff, updateSettings } from '../../notifications/settings';
import { readUnsubscribeToken } from '../../notifications/unsubscribe';
import { users } from '../../db/schema';
import { AppError } from '../../errors';
import { eq } from 'drizzle-orm';
import { requireUser } from '../../policies';
import { validate } from '../../validate';

const identityParam = z.object({ identityId: idParam });
const unsubscribeQuery = z.object({ token: z.string().min(10).max(400) });
const invalidLink = () => new AppError(400, 'link_invalid', 'This unsubscribe link is not valid');

/** The signed-in person's own account: how they sign in, and what they get e-mail about. */
export const accountRoutes = ({ db, oidc, notifier }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(await loadAccount(db, user.id, oidc?.name ?? 'OpenID Connect'), 200);
    })
    .delete('/identities/:identityId', validate('param', identityParam), async (c) => {
      const { user } = requireUser(c.var.auth);
      await unlinkIdentity(db, user.id, c.req.valid('param').identityId);
      return c.body(null, 204);
    })
    .get('/notifications', async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(await getSettings(db, user.id), 200);
    })
    .patch('/notifications', validate('json', updateNotificationSettingsBody), async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json(await updateSettings(db, user.id, c.req.valid('json')), 200);
    })
    // The link in every notification mail: works without signing in, the signature is the proof.
    .get('/unsubscribe', validate('query', unsubscribeQuery), (c) => {
      const link = readUnsubscribeToken(notifier.unsubscribeKey, c.req.valid('query').token);
      if (!link) throw invalidLink();
      return c.json({ kinds: link.kinds }, 200);
    })
    // RFC 8058 one-click: mail programs POST here (body "List-Unsubscribe=One-Click"), as does our page.
    .post('/unsubscribe', validate('query', unsubscribeQuery), async (c) => {
      const link = readUnsubscribeToken(notifier.unsubscribeKey, c.req.valid('query').token);
      if (!link || !(await db.select({ id: users.id }).from(users).where(eq(users.id, link.userId)))[0]) throw invalidLink();
      for (const kind of link.kinds) await turnOff(db, link.userId, kind);
      return c.json({ kinds: link.kinds }, 200);
    });
