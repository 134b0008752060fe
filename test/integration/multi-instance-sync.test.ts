/**
 * Several sync-server processes on one PostgreSQL and one Redis: what crosses instances besides
 * updates (notices, revocation, awareness), at the sync layer. The storms (convergence with
 * reconnects onto other instances, Redis restarted, kill -9) run on whole app processes in
 * multi-instance-storm.test.ts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as RawSocket } from 'ws';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import { type Client, connectClient } from '../helpers/clients';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { type SyncNode, startSyncNode } from '../helpers/sync-nodes';
import { waitFor } from '../helpers/wait';

let postgres: Postgres;
let redis: RedisServer;
const nodes: SyncNode[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.provider.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
});
afterAll(async () => {
  await redis?.stop();
  await postgres?.stop();
});

async function startNodes(count: number, env: Record<string, string> = {}): Promise<SyncNode[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () => startSyncNode({ databaseUrl: postgres.url, redisUrl: redis.url, env: { COMPACT_AFTER_UPDATES: '25', ...env } })),
  );
  nodes.push(...started);
  return started;
}

/** A client on `node` (every socket of a sync node may edit). */
function connect(node: SyncNode, documentId: string): Client {
  const client = connectClient(node.wsUrl, documentId, { cookie: '' });
  clients.push(client);
  return client;
}

describe('several sync-server instances on one PostgreSQL + Redis', () => {
  /** A bare socket that asked for the document's events; resolves once the server has heard it ask. */
  async function listener(node: SyncNode, documentId: string, user: string) {
    const ws = new RawSocket(`${node.wsUrl}/${documentId}?user=${user}`);
    const frames: number[] = [];
    let closedWith: number | null = null;
    ws.on('message', (data: Buffer) => frames.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
    ws.on('close', (code) => (closedWith = code));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const frame = (type: number, nonce?: number) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, type);
      if (nonce !== undefined) encoding.writeVarUint(encoder, nonce);
      return encoding.toUint8Array(encoder);
    };
    ws.send(frame(MessageType.COMMENTS));
    // Frames are handled in order: the answer to SAVED means the events were asked for.
    ws.send(frame(MessageType.SAVED, 1));
    await waitFor(() => frames.includes(MessageType.SAVED), 20_000, 'the server to hear the socket');
    return { ws, frames, closed: () => closedWith };
  }

  const post = (node: SyncNode, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${node.port}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

  it('a comment notice made on one instance reaches the document’s sockets on every instance, and only them', async () => {
    const [a, b] = await startNodes(2);
    const onA = await listener(a!, 'noticed', 'anne');
    const elsewhere = await listener(a!, 'other-document', 'anne');
    const onB = await listener(b!, 'noticed', 'bjørn');
    expect((await post(b!, '/notice/noticed')).status).toBe(204);
    await waitFor(() => onA.frames.includes(MessageType.COMMENTS) && onB.frames.includes(MessageType.COMMENTS), 20_000, 'the notice on both instances');
    // The same notice for the other document shows the first one did not reach it.
    expect((await post(b!, '/notice/other-document')).status).toBe(204);
    await waitFor(() => elsewhere.frames.includes(MessageType.COMMENTS), 20_000, 'the other document’s notice');
    expect(elsewhere.frames.filter((f) => f === MessageType.COMMENTS)).toHaveLength(1);
    expect(onA.frames.filter((f) => f === MessageType.COMMENTS)).toHaveLength(1);
    for (const l of [onA, elsewhere, onB]) l.ws.close();
  });

  it('revocation on one instance closes the person’s sockets on every instance, and nobody else’s', async () => {
    const [a, b, c] = await startNodes(3);
    const victimOnA = await listener(a!, 'plan', 'removed-member');
    const victimOnC = await listener(c!, 'observation', 'removed-member');
    const colleague = await listener(a!, 'plan', 'colleague');
    const response = await post(b!, '/revoke', { userId: 'removed-member' });
    // B itself had none of their sockets; A and C close theirs when they hear it.
    expect(await response.json()).toEqual({ closed: 0 });
    await waitFor(() => victimOnA.closed() !== null && victimOnC.closed() !== null, 20_000, 'both sockets closed');
    expect([victimOnA.closed(), victimOnC.closed()]).toEqual([CloseCode.ACCESS_REVOKED, CloseCode.ACCESS_REVOKED]);
    // The colleague's socket on the same document still answers.
    colleague.ws.send(Uint8Array.of(MessageType.SAVED, 2));
    await waitFor(() => colleague.frames.filter((f) => f === MessageType.SAVED).length === 2, 20_000, 'the colleague still served');
    expect(colleague.closed()).toBeNull();
    colleague.ws.close();
  });

  it('awareness crosses instances: a person on one instance appears, named by the server, on another, and leaves', async () => {
    const [a, b] = await startNodes(2);
    const documentId = 'awareness';
    const onA = connect(a!, documentId);
    await waitFor(() => onA.provider.synced, 20_000, 'sync on A');
    onA.provider.awareness.setLocalStateField('user', { name: 'claimed name', color: '#f00' });
    // B opens the document after A's state was set: its query brings the state without waiting for a renewal.
    const onB = connect(b!, documentId);
    await waitFor(() => onB.provider.synced, 20_000, 'sync on B');
    const seen = await waitFor(
      () => onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name: string; color: string } } | undefined,
      20_000,
      'A’s awareness on B',
    );
    expect(seen.user?.color).toBe('#f00');
    expect(seen.user?.name).toMatch(/^Person \d+$/);
    onA.provider.destroy();
    await waitFor(() => !onB.provider.awareness.getStates().has(onA.doc.clientID), 20_000, 'A’s awareness removed on B');
  });
});
