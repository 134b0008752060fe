import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app';
import { Limits } from '../shared/limits';
import { LoginLimits } from './auth/login-limits';
import { RateLimiter } from './auth/rate-limit';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { openDatabase } from './db/open';
import { recordEdit } from './documents/record-edit';
import { createLogger, type Logger } from './log';
import { SqliteDocumentStore } from './sync/sqlite-document-store';
import { SyncServer, type SyncHooks } from './sync/sync-server';

export interface RunningServer {
  app: Hono<AppEnv>;
  port: number;
  url: string;
  sync: SyncServer;
  log: Logger;
  /** Closes sockets, flushes and folds every open document, closes the database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Seams for whoever watches the sync server (metrics). */
  syncHooks?: SyncHooks;
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const { db, sqlite } = openDatabase(config.dataDir, config.sqliteSynchronous);
  const sync = new SyncServer(
    new SqliteDocumentStore(db, sqlite),
    {
      compactAfterUpdates: config.compactAfterUpdates,
      unloadGraceMs: config.unloadGraceMs,
      heartbeatMs: config.heartbeatMs,
      changeReportMs: config.changeReportMs,
      limits: Limits.document,
      presence: Limits.awareness,
      onChange: (change) => recordEdit(db, change),
      ...(options.syncHooks ? { hooks: options.syncHooks } : {}),
    },
    log.child({ component: 'sync' }),
  );

  const app = new Hono<AppEnv>();
  const limits = {
    login: new LoginLimits(config.login),
    signupByAddress: new RateLimiter(config.signupsPerAddressPerHour, 3_600_000),
  };
  createApp(app, { config, db, log, sync, limits });
  const sweep = setInterval(() => deleteExpiredSessions(db), 3_600_000);
  sweep.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log }));
  const port = (server.address() as AddressInfo).port;
  log.info('listening', { port, dataDir: config.dataDir });

  let closing: Promise<void> | null = null;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    sync,
    log,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(sweep);
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
