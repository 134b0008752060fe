import path from 'node:path';
import { z } from 'zod';
import { Limits } from '../shared/limits';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
/** An unset variable; an empty one (as compose files and unit files often pass) counts as unset. */
const unset = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where the built client lives; the API still runs if it is missing. */
  CLIENT_DIR: z.string().min(1).default('./dist/client'),
  /** FULL survives power loss; NORMAL survives a killed process. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** Log rows per document before they are folded into one stored state. */
  COMPACT_AFTER_UPDATES: int(500, 1),
  /** How long a document stays in memory after its last client left. */
  UNLOAD_GRACE_MS: int(10_000),
  /** Ping interval; a socket that misses one pong is closed. */
  HEARTBEAT_MS: int(30_000, 10),
  MAX_FRAME_BYTES: int(Limits.maxFrameBytes, 1024),
  /** How often an edited document's "changed at/by" and search text are refreshed. */
  CHANGE_REPORT_MS: int(5_000, 10),
  /** How long a login lasts. */
  SESSION_TTL_HOURS: int(24 * 14, 1),
  /** open: anyone may sign up; invite: only with an invitation link; domains: only SIGNUP_DOMAINS. */
  SIGNUP: z.enum(['open', 'invite', 'domains']).default('open'),
  SIGNUP_DOMAINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean)),
  /** The address people use, e.g. https://fellesrom.skole.no; used in invitation links and origin checks. */
  PUBLIC_ORIGIN: z.url().optional(),
  /**
   * Failed logins allowed in LOGIN_WINDOW_MINUTES per (account, address) pair and per address.
   * Across all addresses an account is slowed, never locked: LOGIN_ACCOUNT_FAILURE_BURST failures,
   * then one more per LOGIN_ACCOUNT_FAILURE_REFILL_SECONDS.
   */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: int(5, 1),
  LOGIN_MAX_FAILURES_PER_ADDRESS: int(30, 1),
  LOGIN_WINDOW_MINUTES: int(15, 1),
  LOGIN_ACCOUNT_FAILURE_BURST: int(20, 1),
  LOGIN_ACCOUNT_FAILURE_REFILL_SECONDS: int(60, 1),
  /** New live-document connections per minute, per person and per address (a school may share one address). */
  SOCKET_CONNECTS_PER_USER_PER_MINUTE: int(120, 1),
  SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE: int(1200, 1),
  /** Browsers always send Origin on a websocket; only allow sockets without one for your own non-browser clients. */
  ALLOW_SOCKETS_WITHOUT_ORIGIN: z.enum(['true', 'false']).default('false'),
  SIGNUPS_PER_ADDRESS_PER_HOUR: int(20, 1),
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Scheduled backups go here (none when unset); `npm run backup` works either way. */
  BACKUP_DIR: unset(z.string().min(1)),
  BACKUP_EVERY_HOURS: z.coerce.number().positive().max(24 * 24).default(24),
  BACKUP_KEEP: int(7, 1),
  /** GET /metrics on the main port answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: unset(z.string().min(16, 'must be at least 16 characters')),
  /** Or serve /metrics on a port of its own (keep it off the public network). */
  METRICS_PORT: unset(z.coerce.number().int().min(0).max(65535)),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  clientDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  compactAfterUpdates: number;
  unloadGraceMs: number;
  heartbeatMs: number;
  maxFrameBytes: number;
  changeReportMs: number;
  sessionTtlMs: number;
  signup: 'open' | 'invite' | 'domains';
  signupDomains: string[];
  publicOrigin: string | null;
  login: {
    maxFailuresPerAccountAndAddress: number;
    maxFailuresPerAddress: number;
    windowMs: number;
    accountFailureBurst: number;
    accountFailureRefillMs: number;
  };
  sockets: { connectsPerUserPerMinute: number; connectsPerAddressPerMinute: number; allowWithoutOrigin: boolean };
  signupsPerAddressPerHour: number;
  trustProxy: boolean;
  backup: { dir: string; everyMs: number; keep: number } | null;
  metrics: { token: string | null; port: number | null };
};

export class ConfigError extends Error {}

/** Reads and validates configuration; throws a readable ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SIGNUP === 'domains' && e.SIGNUP_DOMAINS.length === 0) {
    throw new ConfigError('Invalid configuration:\n  SIGNUP_DOMAINS: required when SIGNUP=domains');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    clientDir: path.resolve(e.CLIENT_DIR),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    unloadGraceMs: e.UNLOAD_GRACE_MS,
    heartbeatMs: e.HEARTBEAT_MS,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    changeReportMs: e.CHANGE_REPORT_MS,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    signup: e.SIGNUP,
    signupDomains: e.SIGNUP_DOMAINS,
    publicOrigin: e.PUBLIC_ORIGIN ? new URL(e.PUBLIC_ORIGIN).origin : null,
    login: {
      maxFailuresPerAccountAndAddress: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
      accountFailureBurst: e.LOGIN_ACCOUNT_FAILURE_BURST,
      accountFailureRefillMs: e.LOGIN_ACCOUNT_FAILURE_REFILL_SECONDS * 1000,
    },
    sockets: {
      connectsPerUserPerMinute: e.SOCKET_CONNECTS_PER_USER_PER_MINUTE,
      connectsPerAddressPerMinute: e.SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE,
      allowWithoutOrigin: e.ALLOW_SOCKETS_WITHOUT_ORIGIN === 'true',
    },
    signupsPerAddressPerHour: e.SIGNUPS_PER_ADDRESS_PER_HOUR,
    trustProxy: e.TRUST_PROXY === 'true',
    backup: e.BACKUP_DIR ? { dir: path.resolve(e.BACKUP_DIR), everyMs: e.BACKUP_EVERY_HOURS * 3_600_000, keep: e.BACKUP_KEEP } : null,
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null },
  };
}
