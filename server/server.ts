import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Hono } from 'hono';
import { createApp } from './app';
import { Limits } from '../shared/limits';
import { LoginLimits } from './auth/login-limits';
import { type Clock, systemClock } from './clock';
import { localLimits, redisLimits } from './auth/shared-limits';
import { localTeamPresence, redisTeamPresence } from './teams/team-presence';
import { OidcClient } from './auth/oidc-client';
import { deleteExpiredLogins } from './auth/oidc-logins';
import { deleteExpiredResets } from './auth/password-reset';
import { backupOpenDatabase } from './backup/backup-database';
import { backupPostgres } from './backup/postgres-backup';
import { scheduleBackups } from './backup/schedule-backups';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { startCheckpointer } from './db/sqlite-checkpointer';
import { type Db, openDatabase } from './db/open';
import { openPostgresDomain } from './db/pg/domain';
import { blocksUpgrade } from './documents/migrate-blocks';
import { isPostgres } from './db/dialect';
import { EditRecorder } from './documents/edit-recorder';
import { recordEdit } from './documents/record-edit';
import { catchUpSearchIndex, documentsWhoseIndexMayLag, INDEX_STEP_CHARS } from './search/full-text';
import { loadSecret } from './crypto/secret-key';
import { postgresReadinessCheck, type Readiness, readinessCheck } from './health/readiness';
import { createLogger, type Logger } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import { instrumentStore } from './metrics/instrument-store';
import { createMetrics, type Metrics } from './metrics/metrics';
import { Notifier } from './notifications/notifier';
import { metricsRoutes } from './routes/metrics';
import { SqliteDocumentStore } from './sync/sqlite-document-store';
import { PostgresDocumentStore } from './sync/postgres-document-store';
import { RedisDocumentBus } from './sync/redis-document-bus';
import type { ClusterOptions } from './sync/document-engine';
import type { DocumentStore } from './sync/document-store';
import { SyncServer } from './sync/sync-server';
import { RetentionJob } from './retention/retention';

export interface RunningServer {
  app: Hono<AppEnv>;
  port: number;
  url: string;
  sync: SyncServer;
  log: Logger;
  /** The retention job (it also runs by itself, at start-up and hourly). */
  retention: RetentionJob;
  mailer: Mailer;
  notifier: Notifier;
  metrics: Metrics;
  /** The port /metrics listens on when METRICS_PORT is set. */
  metricsPort: number | null;
  /** Closes sockets, flushes and folds every open document, closes the database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Time as the retention job and the audit log see it; tests move it. */
  clock?: Clock;
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = createLogger(config.logLevel);
  const storage = await openStorage(config, log);
  const { db } = storage;
  const metrics = createMetrics();
  const store = instrumentStore(storage.store, metrics.store);
  // At most 2 s between two documents' rows, whatever the last one cost: "My tasks" and search
  // must follow an edit within seconds, or they show a list the document no longer has. On
  // PostgreSQL the database server rewrites the search index, not this thread: nothing to pay back.
  const share = isPostgres(db) ? 1 : config.editRecordShare;
  const edits = new EditRecorder(
    (change, editors) => recordEdit(db, change, editors),
    (documentId) => catchUpSearchIndex(db, documentId, INDEX_STEP_CHARS).then((done) => !done),
    { share, maxPauseMs: 2_000 },
    log.child({ component: 'edits' }),
  );
  // Steps a crash left undone are taken again (their turns are flushed on close like any other's).
  const indexesLeftBehind = documentsWhoseIndexMayLag(db).then(
    (ids) => edits.catchUpLater(ids),
    (error) => log.error('could not look for search indexes left behind', { error }),
  );
  const sync = new SyncServer(
    store,
    {
      hooks: metrics.sync,
      compactAfterUpdates: config.compactAfterUpdates,
      unloadGraceMs: config.unloadGraceMs,
      restMs: config.documentRestMs,
      heartbeatMs: config.heartbeatMs,
      changeReportMs: config.changeReportMs,
      textReportMs: config.searchTextReportMs,
      limits: Limits.document,
      presence: Limits.awareness,
      presenceRelayMs: config.presenceRelayMs,
      evictionHoldMs: config.cluster.evictionHoldMs,
      onChange: (change) => edits.report(change),
      upgrade: (documentId, doc) => blocksUpgrade(db, documentId, doc),
      ...(storage.cluster ? { cluster: storage.cluster } : {}),
    },
    log.child({ component: 'sync' }),
  );

  const app = new Hono<AppEnv>();
  const make = storage.shared ? redisLimits(storage.shared, log.child({ component: 'limits' })) : localLimits;
  const limits = {
    login: new LoginLimits(config.login, make),
    signupByAddress: make.window('signup-address', config.signupsPerAddressPerHour, 3_600_000),
    resetByAccount: make.window('reset-account', config.passwordResetsPerHour, 3_600_000),
    resetByAddress: make.window('reset-address', config.passwordResetsPerHour * 6, 3_600_000),
  };
  metrics.watch({ openDocuments: () => sync.openDocumentCount, restingDocuments: () => sync.restingDocumentCount, connections: () => sync.connectionCount });
  let stopping = false;
  const secret = loadSecret(config.dataDir, config.secretKey);
  let port = config.port;
  const mailer = await createMailer({
    db,
    config,
    secret,
    log,
    origin: () => config.publicOrigin ?? `http://localhost:${port}`,
    onQueueChange: ({ queued, failed }) => {
      metrics.mailQueue('pending', queued);
      metrics.mailQueue('failed', failed);
    },
  });
  const oidc = config.oidc ? new OidcClient(config.oidc, log.child({ component: 'oidc' })) : null;
  const notifier = new Notifier(db, mailer, secret, config.notify, log.child({ component: 'notify' }));
  const retention = new RetentionJob({ db, sync, log: log.child({ component: 'retention' }), clock });
  const teamPresence = storage.shared ? redisTeamPresence(storage.shared, sync, log.child({ component: 'presence' }), { refreshMs: config.cluster.presenceRefreshMs, staleMs: config.cluster.presenceStaleMs }) : localTeamPresence(sync);
  createApp(app, { config, db, log, sync, clock, retention, limits, metrics, teamPresence, readiness: storage.readiness(() => stopping), mailer, notifier, oidc });
  const sweep = setInterval(() => {
    void (async () => {
      await deleteExpiredSessions(db);
      await deleteExpiredResets(db);
      await deleteExpiredLogins(db);
    })().catch((error: unknown) => log.error('sweeping expired sessions failed', { error }));
  }, 3_600_000);
  sweep.unref();
  const sqlite = storage.sqlite;
  // Scheduled backups: SQLite's online backup API, or pg_dump on PostgreSQL (each instance with a BACKUP_DIR makes its own).
  const backupWith = sqlite
    ? { write: (file: string) => backupOpenDatabase(sqlite, file), extension: 'sqlite' as const }
    : { write: (file: string) => backupPostgres(config.databaseUrl!, file), extension: 'dump' as const };
  const backups = config.backup && scheduleBackups({ ...backupWith, ...config.backup, log, onResult: (r) => metrics.backup(r !== null) });

  const server = await listen(app, config.port, config.host);
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log, limits: make }));
  port = (server.address() as AddressInfo).port;
  notifier.start();
  retention.start();
  const metricsServer = config.metrics.port === null ? null : await listen(
          new Hono().route('/metrics', metricsRoutes(metrics, config.metrics.token)),
          config.metrics.port,
          config.host,
        );
  const metricsPort = metricsServer && (metricsServer.address() as AddressInfo).port;
  log.info('listening', { port, dataDir: config.dataDir, ...(metricsPort === null ? {} : { metricsPort }) });

  let closing: Promise<void> | null = null;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    sync,
    log,
    retention,
    mailer,
    notifier,
    metrics,
    metricsPort,
    close() {
      closing ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(sweep);
        await retention.stop();
        await teamPresence.stop();
        await notifier.stop();
        await sync.shutdown();
        await indexesLeftBehind;
        await edits.flush();
        await mailer.stop();
        await backups?.stop();
        server.closeAllConnections();
        metricsServer?.close();
        metricsServer?.closeAllConnections();
        await closed;
        await store.close?.();
        await storage.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}

interface Storage {
  db: Db;
  store: DocumentStore;
  /** Several instances: the Redis bus and the numbered log they follow. */
  cluster: ClusterOptions | null;
  /** SQLite's connection (backups); null on PostgreSQL. */
  sqlite: Database.Database | null;
  /** Several instances: a Redis connection for what they count and show together (rate limits, team presence). */
  shared: Redis | null;
  readiness(isShuttingDown: () => boolean): () => Readiness | Promise<Readiness>;
  /** After the store is closed: the bus, the pools, the file and its lock. */
  close(): Promise<void>;
}

/** DATABASE_URL: PostgreSQL (and with REDIS_URL, one of several instances); else SQLite in DATA_DIR. */
async function openStorage(config: Config, log: Logger): Promise<Storage> {
  if (!config.databaseUrl) {
    // One server per data directory; a restore waits for it to stop.
    const lock = lockDataDir(config.dataDir);
    const { db, sqlite, gate } = openDatabase(config.dataDir, config.sqliteSynchronous);
    const checkpointer = config.sqliteCheckpointMs > 0 ? startCheckpointer(sqlite, config.sqliteCheckpointMs, log.child({ component: 'checkpoints' })) : null;
    await checkpointer?.ready;
    return {
      db,
      store: new SqliteDocumentStore(sqlite, gate, { logWriter: config.sqliteLogWriter, commitSpacingMs: config.logCommitSpacingMs }),
      cluster: null,
      sqlite,
      shared: null,
      readiness: (stopping) => readinessCheck(sqlite, stopping),
      async close() {
        await checkpointer?.close();
        // (The last connection to close checkpoints what is left.)
        sqlite.close();
        lock.release();
      },
    };
  }
  const domain = await openPostgresDomain(config.databaseUrl);
  // The log has a pool of its own: a burst of requests never makes an edit wait for a connection.
  const logPool = new Pool({ connectionString: config.databaseUrl, max: 10 });
  logPool.on('error', () => {});
  const store = new PostgresDocumentStore(logPool, { documentsTable: true });
  const bus = config.redisUrl ? await RedisDocumentBus.connect(config.redisUrl, log.child({ component: 'bus' })) : null;
  // Answers at once or fails at once while Redis is away (the limits then count in this instance).
  const shared = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
  shared?.on('error', () => {});
  return {
    db: domain.db,
    store,
    cluster: bus && { bus, log: store, gapGraceMs: 25, headCheckMs: 1000 },
    sqlite: null,
    shared,
    readiness: (stopping) => postgresReadinessCheck(domain.pool, stopping),
    async close() {
      await bus?.close();
      shared?.disconnect();
      await logPool.end();
      await domain.close();
    },
  };
}

function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, port: number, hostname: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
}
