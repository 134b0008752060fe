import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket } from 'ws';
import type { Config } from './config';
import type { Db } from './db/open';
import type { Logger } from './log';
import type { SyncServer } from './sync/sync-server';

/** What the routes need from the running server. */
export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  sync: SyncServer;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
}
