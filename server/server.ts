import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app';
import { RateLimiter } from './auth/rate-limit';
import { OidcClient } from './auth/oidc-client';
import { deleteExpiredLogins } from './auth/oidc-logins';
import { deleteExpiredResets } from './auth/password-reset';
import { deleteExpiredSessions } from './auth/sessions';
import { collabUpgradeHandler } from './routes/collab/upgrade';
import type { AppEnv } from './context';
import type { Config } from './config';
import { openDatabase } from './db/open';
import { recordEdit } from './documents/record-edit';
import { loadSecret } from './crypto/secret-key';
import { createLogger, type Logger } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import { Notifier } from './notifications/notifier';
import { SqliteDocumentStore } from './sync/sqlite-document-store';
import { SyncServer } from './sync/sync-server';

export interface RunningServer {
  app: Hono<AppEnv>;
  port: number;
  url: string;
  sync: SyncServer;
  log: Logger;
  mailer: Mailer;
  notifier: Notifier;
  /** Closes sockets, flushes and folds every open document, closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
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
    resetByAccount: new RateLimiter(config.passwordResetsPerHour, 3_600_000),
    resetByAddress: new RateLimiter(config.passwordResetsPerHour * 6, 3_600_000),
  };
  const secret = loadSecret(config.dataDir, config.secretKey);
  let port = config.port;
  const mailer = createMailer({ db, config, secret, log, origin: () => config.publicOrigin ?? `http://localhost:${port}` });
  const oidc = config.oidc ? new OidcClient(config.oidc, log.child({ component: 'oidc' })) : null;
  const notifier = new Notifier(db, mailer, secret, config.notify, log.child({ component: 'notify' }));
  createApp(app, { config, db, log, sync, limits, mailer, notifier, oidc });
  const sweep = setInterval(() => {
    deleteExpiredSessions(db);
    deleteExpiredResets(db);
    deleteExpiredLogins(db);
  }, 3_600_000);
  sweep.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  notifier.start();
  server.on('upgrade', collabUpgradeHandler({ config, db, sync, log }));
  port = (server.address() as AddressInfo).port;
  log.info('listening', { port, dataDir: config.dataDir });

  let closing: Promise<void> | null = null;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    sync,
    log,
    mailer,
    notifier,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(sweep);
        notifier.stop();
        await sync.shutdown();
        await mailer.stop();
        server.closeAllConnections();
        await closed;
        sqlite.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
