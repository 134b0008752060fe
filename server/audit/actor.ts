import type { Context } from 'hono';
import { clientAddress } from '../auth/client-address';
import type { AppEnv } from '../context';
import type { Actor } from './audit';

/** The signed-in caller of a request as the audit log records them. */
export const actorOf = (c: Context<AppEnv>, trustProxy: boolean): Actor => ({
  userId: c.var.auth?.user.id ?? null,
  address: clientAddress(c, trustProxy),
});
