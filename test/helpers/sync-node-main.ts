/**
 * One sync-server instance in multi-instance mode, for the tests and the bench at the sync layer:
 * the real SyncServer, PostgreSQL store and Redis bus, behind a bare websocket endpoint
 * `ws://…/<documentId>[?user=<id>]` where every socket may edit (authentication is the HTTP server's
 * job, which phase 2 puts on PostgreSQL too). For the tests, `POST /revoke` (a RevokeMatch as JSON)
 * and `POST /notice/<documentId>` do here what a member's removal and a new comment do in the
 * server. Prints `{"msg":"listening","port":N}` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../shared/close-codes';
import { Limits } from '../../shared/limits';
import { openPostgres } from '../../server/db/pg/open';
import { createLogger } from '../../server/log';
import { PostgresDocumentStore } from '../../server/sync/postgres-document-store';
import type { RevokeMatch } from '../../server/sync/document-bus';
import { RedisDocumentBus } from '../../server/sync/redis-document-bus';
import { SyncServer } from '../../server/sync/sync-server';
import { SyncSocket } from '../../server/sync/sync-socket';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const log = createLogger((process.env.LOG_LEVEL as 'info' | 'warn' | 'error' | undefined) ?? 'warn');
const pg = await openPostgres(env('DATABASE_URL'));
const store = new PostgresDocumentStore(pg.pool);
const bus = await RedisDocumentBus.connect(env('REDIS_URL'), log.child({ component: 'bus' }));
const sync = new SyncServer(
  store,
  {
    compactAfterUpdates: Number(env('COMPACT_AFTER_UPDATES', '200')),
    unloadGraceMs: Number(env('UNLOAD_GRACE_MS', '2000')),
    heartbeatMs: 30_000,
    changeReportMs: 60_000,
    limits: Limits.document,
    presence: Limits.awareness,
    cluster: { bus, log: store, gapGraceMs: Number(env('GAP_GRACE_MS', '25')), headCheckMs: Number(env('HEAD_CHECK_MS', '1000')) },
  },
  log.child({ component: 'sync' }),
);

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url?.startsWith('/notice/')) {
    sync.notifyComments(decodeURIComponent(req.url.slice('/notice/'.length)), 'thread');
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'POST' && req.url === '/revoke') {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const closed = sync.revoke(JSON.parse(body) as RevokeMatch, CloseCode.ACCESS_REVOKED, 'access revoked');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ closed }));
    });
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, maxPayload: 1024 * 1024, perMessageDeflate: false, WebSocket: SyncSocket });
let next = 0;
wss.on('connection', (ws, req) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const documentId = decodeURIComponent(url.pathname.slice(1));
  const n = ++next;
  sync.connect(ws, {
    documentId,
    teamId: 'team',
    permission: 'edit',
    standing: 'member',
    user: { id: url.searchParams.get('user') ?? `user-${process.pid}-${n}`, name: `Person ${n}` },
    sessionId: `session-${n}`,
  });
});
server.listen(Number(env('PORT', '0')), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', port: (server.address() as AddressInfo).port }));
});

const stop = async () => {
  await sync.shutdown();
  wss.close();
  server.close();
  await bus.close();
  await pg.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
