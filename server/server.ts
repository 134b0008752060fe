import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app';
import { Limits } from '../shared/limits';
import { LoginLimits } from './auth/login-limits';
import { type Clock, systemClock } from './clock';
import { RateLimiter } from './auth/rate-limit';
import { OidcClient } from './auth/oidc-client';
import { deleteExpiredLogins } from './auth/oidc-logins';
import { deleteExpiredResets } from './auth/password-reset';
import { scheduleBackups } from './backup/schedule-backups';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { openDatabase } from './db/open';
import { blocksUpgrade } from './documents/migrate-blocks';
import { EditRecorder } from './documents/edit-recorder';
import { recordEdit } from './documents/record-edit';
import { loadSecret } from './crypto/secret-key';
import { readinessCheck } from './health/readiness';
import { createLogger, type Logger } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import { instrumentStore } from './metrics/instrument-store';
import { createMetrics, type Metrics } from './metrics/metrics';
import { Notifier } from './notifications/notifier';
import { metricsRoutes } from './routes/metrics';
import { SqliteDocumentStore } from './sync/sqlite-document-store';
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
  // One server per data directory; a restore waits for it to stop.
  const lock = lockDataDir(config.dataDir);
  const { db, sqlite, gate } = openDatabase(config.dataDir, config.sqliteSynchronous);
  const metrics = createMetrics();
  const store = instrumentStore(new SqliteDocumentStore(sqlite, gate, { logWriter: config.sqliteLogWriter }), metrics.store);
  const edits = new EditRecorder((change, editors) => recordEdit(db, change, editors), { share: config.editRecordShare, maxPauseMs: 30_000 }, log.child({ component: 'edits' }));
  const sync = new SyncServer(
    store,
    {
      hooks: metrics.sync,
      compactAfterUpdates: config.compactAfterUpdates,
      unloadGraceMs: config.unloadGraceMs,
      heartbeatMs: config.heartbeatMs,
      changeReportMs: config.changeReportMs,
      limits: Limits.document,
      presence: Limits.awareness,
      presenceRelayMs: config.presenceRelayMs,
      onChange: (change) => edits.report(change),
      upgrade: (documentId, doc) => blocksUpgrade(db, documentId, doc),
    },
    log.child({ component: 'sync' }),
  );

  const app = new Hono<AppEnv>();
  const limits = {
    login: new LoginLimits(config.login),
    signupByAddress: new RateLimiter(config.signupsPerAddressPerHour, 3_600_000),
    resetByAccount: new RateLimiter(config.passwordResetsPerHour, 3_600_000),
    resetByAddress: new RateLimiter(config.passwordResetsPerHour * 6, 3_600_000),
  };
  metrics.watch({ openDocuments: () => sync.openDocumentCount, connections: () => sync.connectionCount });
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
  createApp(app, { config, db, log, sync, clock, retention, limits, metrics, readiness: readinessCheck(sqlite, () => stopping), mailer, notifier, oidc });
  const sweep = setInterval(() => {
    void (async () => {
      await deleteExpiredSessions(db);
      await deleteExpiredResets(db);
      await deleteExpiredLogins(db);
    })().catch((error: unknown) => log.error('sweeping expired sessions failed', { error }));
  }, 3_600_000);
  sweep.unref();
  const backups = config.backup && scheduleBackups({ sqlite, ...config.backup, log, onResult: (r) => metrics.backup(r !== null) });

  const server = await listen(app, config.port, config.host);
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log }));
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
        await notifier.stop();
        await sync.shutdown();
        await edits.flush();
        await mailer.stop();
        await backups?.stop();
        server.closeAllConnections();
        metricsServer?.close();
        metricsServer?.closeAllConnections();
        await closed;
        await store.close?.();
        sqlite.close();
        lock.release();
        log.info('stopped');
      })();
      return closing;
    },
  };
}

function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, port: number, hostname: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
}
