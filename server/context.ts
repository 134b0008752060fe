import type { LoginLimits } from './auth/login-limits';
import type { WindowLimit } from './auth/shared-limits';
import type { TeamPresence } from './teams/team-presence';
import type { OidcClient } from './auth/oidc-client';
import type { AuthContext } from './auth/sessions';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/open';
import type { Readiness } from './health/readiness';
import type { Logger } from './log';
import type { RetentionJob } from './retention/retention';
import type { Mailer } from './mail/mailer';
import type { Metrics } from './metrics/metrics';
import type { Notifier } from './notifications/notifier';
import type { SyncServer } from './sync/sync-server';

/** Hono's env for every route: the caller's session, if any. */
export type AppEnv = { Variables: { auth: AuthContext | null } };

/** What the routes need from the running server. */
export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  sync: SyncServer;
  clock: Clock;
  retention: RetentionJob;
  mailer: Mailer;
  /** Sign-in through OpenID Connect (Feide), when configured. */
  oidc: OidcClient | null;
  /** Writes notification mails; its key signs unsubscribe links. */
  notifier: Notifier;
  limits: {
    login: LoginLimits;
    signupByAddress: WindowLimit;
    resetByAccount: WindowLimit;
    resetByAddress: WindowLimit;
  };
  metrics: Metrics;
  /** Who is in the team's documents now, on every instance. */
  teamPresence: TeamPresence;
  readiness(): Readiness | Promise<Readiness>;
}
