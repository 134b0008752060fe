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
  /**
   * Where the document log is committed: on the main thread, or on a worker thread with its own
   * connection (reads, sends and pings go on during an fsync). Not yet shown to pay on the bench.
   */
  SQLITE_LOG_WRITER: z.enum(['main', 'worker']).default('main'),
  /**
   * How often a worker thread checkpoints the write-ahead log (ms), so that no commit on the main
   * thread has to (sqlite-checkpointer.ts). 0: SQLite's own automatic checkpoints, every 1000 pages.
   */
  SQLITE_CHECKPOINT_MS: int(1_000),
  /**
   * Milliseconds between the starts of two log commits, at least. Edits that arrive meanwhile join
   * the next commit (each still committed before any peer sees it, so a peer sees an edit up to
   * this much later): while many people type, one fsync and one frame per socket per few
   * milliseconds instead of one per event-loop turn. At 5 keystrokes/s each, 4 ms cut the server's
   * CPU per delivered update to 0.74x of no spacing (200 people in 20 documents), and 8 ms to a
   * further 0.89x there and 0.80x of 4 ms for 50 people in one; 12 ms to 0.70x of 8 ms (median of
   * four pairs at 200 people in 20 documents, after the server had run 10 s; 16 ms: 0.76x; 8 ms
   * varied most, 21–33 ms per 1000 delivered on the same machine; each commit also
   * rewrites its pages into the WAL, so fewer commits mean fewer bytes fsynced and checkpointed), for
   * a p50 of 7.5 instead of 5.5 ms from a keystroke to a peer. 24 ms: 0.72x of 12 ms for 50 people
   * in one document (each commit is one fsync and one frame to each of 49 sockets; kernel time
   * 0.42x) and 0.92x for 200 in 20 (there 16 waiting edits committed early, after ~16 ms; with 32,
   * the spacing decides there too: see COMMIT_EARLY_AT), for a p50 of 14 instead of 9 ms and a p99
   * of 26 instead of 15 (three pairs each, bench:pair at 5/s) — still well below what a person sees
   * of another's typing over a school's network. A lone keystroke commits at once, and so does a
   * commit that 32 edits already wait for (under heavy load waiting only adds latency). 0: once per
   * event-loop turn.
   */
  LOG_COMMIT_SPACING_MS: int(24),
  /**
   * postgres://user:password@host:5432/db: all data and the document log on PostgreSQL (migrated at
   * start-up). Unset: one SQLite file in DATA_DIR.
   */
  DATABASE_URL: unset(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')),
  /**
   * redis://host:6379: several instances behind one load balancer (needs DATABASE_URL): documents'
   * updates, presence, notices and revocations reach every instance.
   */
  REDIS_URL: unset(z.string().regex(/^rediss?:\/\//, 'a redis:// URL')),
  /**
   * With REDIS_URL, who is online on the team home: each instance renews its people this often, and
   * an entry not renewed within TEAM_PRESENCE_STALE_MS is dropped (a killed instance's people
   * vanish then). Both are measured on Redis's clock, so instances' clocks need not agree.
   */
  TEAM_PRESENCE_REFRESH_MS: int(2_000, 50),
  TEAM_PRESENCE_STALE_MS: int(10_000, 100),
  /**
   * With REDIS_URL, a document another instance is deleting stays closed here until that instance
   * says the deletion ended; it repeats "still deleting" every third of this, so if it goes silent
   * this long (it died mid-deletion) the document may be opened again.
   */
  EVICTION_HOLD_MS: int(15_000, 100),
  /** Presence (carets, names) is gathered this long and relayed as one frame; 0 relays each change. */
  PRESENCE_RELAY_MS: int(50),
  /** Log rows per document before they are folded into one stored state. */
  COMPACT_AFTER_UPDATES: int(500, 1),
  /** How long a document stays in memory after its last client left. */
  UNLOAD_GRACE_MS: int(10_000),
  /**
   * An open document nobody read or changed for between this and twice this long (ms) is held as
   * its encoded state (a quarter of the memory) until someone needs it again; 0: never.
   */
  DOCUMENT_REST_MS: int(15_000, 0),
  /** Ping interval; a socket that misses one pong is closed. */
  HEARTBEAT_MS: int(30_000, 10),
  MAX_FRAME_BYTES: int(Limits.maxFrameBytes, 1024),
  /** How often an edited document's "changed at/by" and search text are refreshed. */
  CHANGE_REPORT_MS: int(5_000, 10),
  /**
   * While a document is edited without a pause, how often at most its text is stored for search
   * (ms). The first report after a pause stores it at once, and so does a document's last before it
   * closes; so a word typed is found after CHANGE_REPORT_MS, or within this while people go on
   * typing. Storing the text was four fifths of what recording edits cost (its changed chunks
   * rewritten in SQLite's full-text index): with 200 people typing in 20 documents at 5 keystrokes/s,
   * 30 s instead of every report took the server's CPU per delivered update to 0.66x (a minute measured).
   */
  SEARCH_TEXT_REPORT_MS: int(30_000, 0),
  /**
   * The share of the main thread that refreshing edited documents' rows may take on average (they
   * are written one at a time; a big document's words in the full-text index take tens of ms).
   */
  EDIT_RECORD_SHARE: z.coerce.number().gt(0).max(1).default(0.1),
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
  /** Largest team export (zip) an import accepts. */
  IMPORT_MAX_MB: int(200, 1),
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),

  /** OpenID Connect sign-in (Feide: https://auth.dataporten.no). Unset: passwords only. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().trim().min(1).default('openid profile email userid-feide groups-org'),
  /** The provider's name on the button: "Logg inn med Feide". */
  OIDC_NAME: z.string().trim().min(1).max(40).default('Feide'),
  /** Feide's groups API, asked for the person's school when the groups-org scope is granted. */
  OIDC_GROUPS_API: z.url().default('https://groups-api.dataporten.no/groups/me/groups'),

  /** smtp(s)://user:pass@host:port. Unset: mails are written to DATA_DIR/mail/*.eml and logged. */
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  /** Retries of a mail that could not be delivered: the first after MIN, doubling up to MAX. */
  MAIL_RETRY_MIN_MS: int(30_000, 10),
  MAIL_RETRY_MAX_MS: int(3_600_000, 10),
  /** A mail still undelivered after this long is given up (and logged as an error). */
  MAIL_GIVE_UP_HOURS: int(72, 1),
  /** Signs unsubscribe links and encrypts queued mails. Unset: a key generated in DATA_DIR/secret.key. */
  SECRET_KEY: z.string().min(32).optional(),

  /** Mentions, replies and comments are collected this long, then sent in one mail. */
  NOTIFY_BATCH_MS: int(5 * 60_000, 0),
  /** How often the notification jobs look for work. */
  NOTIFY_TICK_MS: int(60_000, 10),
  /** Weekly digests and due-date reminders go out from this hour, in this time zone. */
  NOTIFY_TIME_ZONE: z.string().default('Europe/Oslo'),
  NOTIFY_HOUR: int(7, 0).pipe(z.number().max(23)),
  PASSWORD_RESETS_PER_HOUR: int(5, 1),
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
  sqliteCheckpointMs: number;
  databaseUrl: string | null;
  redisUrl: string | null;
  sqliteLogWriter: 'main' | 'worker';
  logCommitSpacingMs: number;
  presenceRelayMs: number;
  /** Several instances (REDIS_URL): team-home presence timing and how long a deletion elsewhere holds a document. */
  cluster: { presenceRefreshMs: number; presenceStaleMs: number; evictionHoldMs: number };
  compactAfterUpdates: number;
  unloadGraceMs: number;
  documentRestMs: number;
  heartbeatMs: number;
  maxFrameBytes: number;
  changeReportMs: number;
  searchTextReportMs: number;
  editRecordShare: number;
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
  importMaxBytes: number;
  oidc: OidcConfig | null;
  mail: MailConfig;
  secretKey: string | null;
  notify: { batchMs: number; tickMs: number; timeZone: string; hour: number };
  passwordResetsPerHour: number;
  backup: { dir: string; everyMs: number; keep: number } | null;
  metrics: { token: string | null; port: number | null };
};

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  name: string;
  /** Null unless the groups-org scope is asked for. */
  groupsApi: string | null;
}

export interface MailConfig {
  /** Null: write .eml files under DATA_DIR/mail. */
  smtpUrl: string | null;
  from: string;
  retryMinMs: number;
  retryMaxMs: number;
  giveUpMs: number;
}

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
  const missing: string[] = [];
  if (e.SIGNUP === 'domains' && e.SIGNUP_DOMAINS.length === 0) missing.push('SIGNUP_DOMAINS: required when SIGNUP=domains');
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_ID) missing.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_SECRET) missing.push('OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set');
  // Links in mails must point at the address people use, never at whatever Host a request claimed.
  if (e.SMTP_URL && !e.PUBLIC_ORIGIN) missing.push('PUBLIC_ORIGIN: required when SMTP_URL is set (links in mails)');
  if (e.SMTP_URL && !/^smtps?:$/.test(new URL(e.SMTP_URL).protocol)) missing.push('SMTP_URL: must start with smtp:// or smtps://');
  // Instances share what Redis carries only if they share one database too.
  if (e.REDIS_URL && !e.DATABASE_URL) missing.push('DATABASE_URL: required when REDIS_URL is set (instances share one PostgreSQL)');
  // A renewal that arrives a little late must not make an instance's people blink off the team home.
  if (e.TEAM_PRESENCE_STALE_MS < 2 * e.TEAM_PRESENCE_REFRESH_MS) missing.push('TEAM_PRESENCE_STALE_MS: must be at least twice TEAM_PRESENCE_REFRESH_MS');
  if (!validTimeZone(e.NOTIFY_TIME_ZONE)) missing.push(`NOTIFY_TIME_ZONE: unknown time zone (got ${JSON.stringify(e.NOTIFY_TIME_ZONE)})`);
  if (missing.length) throw new ConfigError(`Invalid configuration:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  const publicOrigin = e.PUBLIC_ORIGIN ? new URL(e.PUBLIC_ORIGIN).origin : null;
  const scopes = e.OIDC_SCOPES.split(/\s+/);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    clientDir: path.resolve(e.CLIENT_DIR),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    sqliteCheckpointMs: e.SQLITE_CHECKPOINT_MS,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    sqliteLogWriter: e.SQLITE_LOG_WRITER,
    logCommitSpacingMs: e.LOG_COMMIT_SPACING_MS,
    presenceRelayMs: e.PRESENCE_RELAY_MS,
    cluster: { presenceRefreshMs: e.TEAM_PRESENCE_REFRESH_MS, presenceStaleMs: e.TEAM_PRESENCE_STALE_MS, evictionHoldMs: e.EVICTION_HOLD_MS },
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    unloadGraceMs: e.UNLOAD_GRACE_MS,
    documentRestMs: e.DOCUMENT_REST_MS,
    heartbeatMs: e.HEARTBEAT_MS,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    changeReportMs: e.CHANGE_REPORT_MS,
    searchTextReportMs: e.SEARCH_TEXT_REPORT_MS,
    editRecordShare: e.EDIT_RECORD_SHARE,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    signup: e.SIGNUP,
    signupDomains: e.SIGNUP_DOMAINS,
    publicOrigin,
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
    importMaxBytes: e.IMPORT_MAX_MB * 1024 * 1024,
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET!,
          scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
          name: e.OIDC_NAME,
          groupsApi: scopes.includes('groups-org') ? e.OIDC_GROUPS_API : null,
        }
      : null,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `Fellesrom <noreply@${publicOrigin ? new URL(publicOrigin).hostname : 'localhost'}>`,
      retryMinMs: e.MAIL_RETRY_MIN_MS,
      retryMaxMs: Math.max(e.MAIL_RETRY_MIN_MS, e.MAIL_RETRY_MAX_MS),
      giveUpMs: e.MAIL_GIVE_UP_HOURS * 3_600_000,
    },
    secretKey: e.SECRET_KEY ?? null,
    notify: { batchMs: e.NOTIFY_BATCH_MS, tickMs: e.NOTIFY_TICK_MS, timeZone: e.NOTIFY_TIME_ZONE, hour: e.NOTIFY_HOUR },
    passwordResetsPerHour: e.PASSWORD_RESETS_PER_HOUR,
    backup: e.BACKUP_DIR ? { dir: path.resolve(e.BACKUP_DIR), everyMs: e.BACKUP_EVERY_HOURS * 3_600_000, keep: e.BACKUP_KEEP } : null,
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null },
  };
}

function validTimeZone(zone: string): boolean {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}
