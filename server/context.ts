import type { LoginLimits } from './auth/login-limits';
import type { RateLimiter } from './auth/rate-limit';
import type { AuthContext } from './auth/sessions';
import type { Config } from './config';
import type { Db } from './db/open';
import type { Readiness } from './health/readiness';
import type { Logger } from './log';
import type { Metrics } from './metrics/metrics';
import type { SyncServer } from './sync/sync-server';

/** Hono's env for every route: the caller's session, if any. */
export type AppEnv = { Variables: { auth: AuthContext | null } };

/** What the routes need from the running server. */
export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  sync: SyncServer;
  limits: { login: LoginLimits; signupByAddress: RateLimiter };
  metrics: Metrics;
  readiness(): Readiness;
}
