import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app';
import { Limits } from '../shared/limits';
import { LoginLimits } from './auth/login-limits';
import { RateLimiter } from './auth/rate-limit';
import { scheduleBackups } from './backup/schedule-backups';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { lockDataDir } from './db/data-dir-lock';
import { openDatabase } from './db/open';
import { recordEdit } from './documents/record-edit';
import { readinessCheck } from './health/readiness';
import { createLogger, type Logger } from './log';
import { instrumentStore } from './metrics/instrument-store';
import { createMetrics, type Metrics } from './metrics/metrics';
import { metricsRoutes } from './routes/metrics';
import { SqliteDocumentStore } from './sync/sqlite-document-store';
import { SyncServer } from './sync/sync-server';

export interface RunningServer {
  app: Hono<AppEnv>;
  port: number;
  url: string;
  sync: SyncServer;
  log: Logger;
  metrics: Metrics;
  /** The port /metrics listens on when METRICS_PORT is set. */
  metricsPort: number | null;
  /** Closes sockets, flushes and folds every open document, closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  // One server per data directory; a restore waits for it to stop.
  const lock = lockDataDir(config.dataDir);
  const { db, sqlite } = openDatabase(config.dataDir, config.sqliteSynchronous);
  const metrics = createMetrics();
  const sync = new SyncServer(
    instrumentStore(new SqliteDocumentStore(db, sqlite), metrics.store),
    {
      hooks: metrics.sync,
      compactAfterUpdates: config.compactAfterUpdates,
      unloadGraceMs: config.unloadGraceMs,
      heartbeatMs: config.heartbeatMs,
      changeReportMs: config.changeReportMs,
      limits: Limits.document,
      presence: Limits.awareness,
      onChange: (change) => recordEdit(db, change),
    },
    log.child({ component: 'sync' }),
  );

  const app = new Hono<AppEnv>();
  const limits = {
    login: new LoginLimits(config.login),
    signupByAddress: new RateLimiter(config.signupsPerAddressPerHour, 3_600_000),
  };
  metrics.watch({ openDocuments: () => sync.openDocumentCount, connections: () => sync.connectionCount });
  let stopping = false;
  createApp(app, { config, db, log, sync, limits, metrics, readiness: readinessCheck(sqlite, () => stopping) });
  const sweep = setInterval(() => deleteExpiredSessions(db), 3_600_000);
  sweep.unref();
  const backups = config.backup && scheduleBackups({ sqlite, ...config.backup, log, onResult: (r) => metrics.backup(r !== null) });

  const server = await listen(app, config.port, config.host);
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log }));
  const port = (server.address() as AddressInfo).port;
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
    metrics,
    metricsPort,
    close() {
      closing ??= (async () => {
        stopping = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(sweep);
        await sync.shutdown();
        await backups?.stop();
        server.closeAllConnections();
        metricsServer?.close();
        metricsServer?.closeAllConnections();
        await closed;
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
