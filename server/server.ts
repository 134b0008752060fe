import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app';
import { type Clock, systemClock } from './clock';
import { RateLimiter } from './auth/rate-limit';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { openDatabase } from './db/open';
import { recordEdit } from './documents/record-edit';
import { createLogger, type Logger } from './log';
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
  const { db, sqlite } = openDatabase(config.dataDir, config.sqliteSynchronous);
  const sync = new SyncServer(
    new SqliteDocumentStore(db, sqlite),
    {
      compactAfterUpdates: config.compactAfterUpdates,
      unloadGraceMs: config.unloadGraceMs,
      heartbeatMs: config.heartbeatMs,
      changeReportMs: config.changeReportMs,
      onChange: (change) => recordEdit(db, change),
    },
    log.child({ component: 'sync' }),
  );

  const app = new Hono<AppEnv>();
  const limits = {
    loginByAccount: new RateLimiter(config.login.maxFailuresPerAccount, config.login.windowMs),
    loginByAddress: new RateLimiter(config.login.maxFailuresPerAddress, config.login.windowMs),
    signupByAddress: new RateLimiter(config.signupsPerAddressPerHour, 3_600_000),
  };
  const retention = new RetentionJob({ db, sync, log: log.child({ component: 'retention' }), clock });
  createApp(app, { config, db, log, sync, clock, retention, limits });
  const sweep = setInterval(() => deleteExpiredSessions(db), 3_600_000);
  sweep.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log }));
  const port = (server.address() as AddressInfo).port;
  retention.start();
  log.info('listening', { port, dataDir: config.dataDir });

  let closing: Promise<void> | null = null;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    sync,
    log,
    retention,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(sweep);
        await retention.stop();
        await sync.shutdown();
        server.closeAllConnections();
        await closed;
        sqlite.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
