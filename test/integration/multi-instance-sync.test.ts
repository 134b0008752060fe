/**
 * Several sync-server processes on one PostgreSQL and one Redis, clients spread across them.
 * Each test prints its figures as a `[figures]` line (the closing note of issue 17 quotes them).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as RawSocket, type WebSocket } from 'ws';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import * as Y from 'yjs';
import { openPostgres, type OpenPostgres } from '../../server/db/pg/open';
import { PostgresDocumentStore } from '../../server/sync/postgres-document-store';
import { type Client, connectClient } from '../helpers/clients';
import { delayedSocketClass } from '../helpers/delayed-socket';
import { randomEdit } from '../helpers/random-edit';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { type SyncNode, startSyncNode } from '../helpers/sync-nodes';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

let postgres: Postgres;
let redis: RedisServer;
let db: OpenPostgres;
let store: PostgresDocumentStore;
const nodes: SyncNode[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  db = await openPostgres(postgres.url);
  store = new PostgresDocumentStore(db.pool);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.provider.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
});
afterAll(async () => {
  await db?.close();
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

/** A client on `node`; with `doc`, the same person's document moving to another instance. */
function connect(node: SyncNode, documentId: string, options: { doc?: Y.Doc; delay?: prng.PRNG } = {}): Client {
  const client = connectClient(node.wsUrl, documentId, {
    cookie: '',
    doc: options.doc,
    ...(options.delay ? { WebSocketPolyfill: delayedSocketClass(options.delay, 15, '') as unknown as typeof WebSocket } : {}),
  });
  clients.push(client);
  return client;
}

function moveTo(client: Client, node: SyncNode, documentId: string): Client {
  client.provider.destroy();
  clients.splice(clients.indexOf(client), 1);
  return connect(node, documentId, { doc: client.doc });
}

/** The document as PostgreSQL has it, read through a separate connection. */
async function storedDoc(documentId: string): Promise<Y.Doc> {
  const stored = await store.load(documentId);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

const marksOf = (doc: Y.Doc) => doc.getArray<string>('marks').toArray();

function figures(name: string, values: Record<string, unknown>): void {
  console.log(`[figures] ${name} ${JSON.stringify(values)}`);
}

describe('several sync-server instances on one PostgreSQL + Redis', () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}: 3 instances, 6 clients, random edits and reconnects that land on another instance, end identical to each other and to PostgreSQL`, async () => {
      const gen = prng.create(seed);
      const instances = await startNodes(3);
      const documentId = `convergence-${seed}`;
      let team: Client[] = Array.from({ length: 6 }, (_, i) => connect(instances[i % 3]!, documentId, { delay: prng.create(seed * 31 + i) }));
      await waitFor(() => team.every((c) => c.provider.synced), 20_000, 'initial sync');
      let moves = 0;
      for (let step = 0; step < 300; step++) {
        const i = prng.uint32(gen, 0, team.length - 1);
        const roll = prng.uint32(gen, 0, 99);
        if (roll < 4) {
          team[i] = moveTo(team[i]!, prng.oneOf(gen, instances), documentId);
          moves++;
        } else {
          randomEdit(gen, team[i]!.fragment);
        }
        if (prng.uint32(gen, 0, 2) === 0) await yieldToEventLoop(prng.uint32(gen, 1, 10));
      }
      const texts = () => team.map((c) => c.fragment.toString());
      await waitFor(() => team.every((c) => c.provider.synced) && new Set(texts()).size === 1, 30_000, `convergence (seed ${seed})`);
      const final = texts()[0]!;
      expect(new Set(team.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64'))).size).toBe(1);
      // Everything any client has is committed (the server answers only from committed state).
      await waitFor(async () => (await storedDoc(documentId)).getXmlFragment('default').toString() === final, 20_000, 'PostgreSQL to hold the final content');
      expect(final.length).toBeGreaterThan(10);
      figures('convergence', { seed, instances: 3, clients: 6, steps: 300, moves, converged: true, chars: final.length });
      team = [];
    });
  }

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

  /**
   * Writers push unique marks; the test counts every mark written, every mark a client received,
   * and what PostgreSQL holds at the end.
   */
  async function storm(options: {
    writers: Client[];
    steps: number;
    gen: prng.PRNG;
    at?: Record<number, () => Promise<void>>;
    written: Map<string, Client>;
  }): Promise<void> {
    for (let step = 0; step < options.steps; step++) {
      await options.at?.[step]?.();
      const live = options.writers.filter((w) => !w.doc.isDestroyed);
      const writer = prng.oneOf(options.gen, live);
      const mark = `${clients.indexOf(writer)}:${step}`;
      writer.doc.getArray<string>('marks').push([mark]);
      options.written.set(mark, writer);
      if (prng.uint32(options.gen, 0, 3) === 0) await yieldToEventLoop(prng.uint32(options.gen, 1, 8));
    }
  }

  it('Redis killed and restarted mid-storm: instances recover by sequence number, nothing lost or duplicated', async () => {
    const gen = prng.create(7);
    const [a, b] = await startNodes(2);
    const documentId = 'redis-restart';
    const writers = [connect(a!, documentId), connect(a!, documentId), connect(b!, documentId), connect(b!, documentId)];
    await waitFor(() => writers.every((c) => c.provider.synced), 20_000, 'initial sync');
    const written = new Map<string, Client>();
    let killedAt = 0;
    await storm({
      writers,
      steps: 600,
      gen,
      written,
      at: {
        200: async () => {
          await redis.kill();
          killedAt = written.size;
        },
        400: () => redis.start(),
      },
    });
    const all = [...written.keys()].toSorted();
    await waitFor(() => writers.every((w) => marksOf(w.doc).length === all.length), 30_000, 'every client to have every mark');
    const stored = marksOf(await storedDoc(documentId));
    const received = writers.map((w) => marksOf(w.doc));
    for (const marks of [...received, stored]) {
      expect(marks.toSorted()).toEqual(all);
    }
    expect(new Set(stored).size).toBe(stored.length);
    figures('redis-restart', {
      instances: 2,
      writers: 4,
      written: all.length,
      writtenWhileRedisDown: 400 - killedAt,
      receivedPerClient: received.map((r) => r.length),
      stored: stored.length,
      lost: all.length - new Set(stored).size,
      duplicated: stored.length - new Set(stored).size,
    });
  });

  it('kill -9 of one instance mid-storm: nothing any client had received is lost', async () => {
    const gen = prng.create(9);
    const [a, b, c] = await startNodes(3);
    const documentId = 'kill-9';
    const writers = [a, a, b, b, c, c].map((n) => connect(n!, documentId));
    // Observers only read: what they receive is what the instances broadcast.
    const observers = [a, b, c].map((n) => connect(n!, documentId));
    await waitFor(() => [...writers, ...observers].every((x) => x.provider.synced), 20_000, 'initial sync');
    const received = new Set<string>();
    for (const o of observers) {
      o.doc.getArray<string>('marks').observe((event) => {
        for (const item of event.changes.added) for (const mark of item.content.getContent() as string[]) received.add(mark);
      });
    }
    const written = new Map<string, Client>();
    let receivedBeforeKill = 0;
    await storm({
      writers,
      steps: 500,
      gen,
      written,
      at: {
        250: async () => {
          await a!.kill9();
          receivedBeforeKill = received.size;
          // Its people close their laptops: their unacknowledged edits are gone with the instance.
          for (const x of [writers[0]!, writers[1]!, observers[0]!]) {
            x.provider.destroy();
            x.doc.destroy();
          }
        },
      },
    });
    const survivors = [writers[2]!, writers[3]!, writers[4]!, writers[5]!, observers[1]!, observers[2]!];
    const stored = async () => marksOf(await storedDoc(documentId));
    // Survivors end equal to each other and to the database (commits the dead instance never published included).
    await waitFor(
      async () => {
        const target = JSON.stringify((await stored()).toSorted());
        return survivors.every((s) => JSON.stringify(marksOf(s.doc).toSorted()) === target);
      },
      30_000,
      'survivors to match PostgreSQL',
    );
    const inDb = new Set(await stored());
    const lost = [...received].filter((m) => !inDb.has(m));
    expect(lost).toEqual([]);
    const survivorMarks = [...written].filter(([, w]) => survivors.includes(w)).map(([m]) => m);
    expect(survivorMarks.filter((m) => !inDb.has(m))).toEqual([]);
    const onKilled = [...written].filter(([, w]) => !survivors.includes(w)).map(([m]) => m);
    figures('kill-9', {
      instances: 3,
      written: written.size,
      receivedByAnyClient: received.size,
      receivedBeforeKill,
      lostOfReceived: lost.length,
      writtenOnKilledInstance: onKilled.length,
      ofThoseCommitted: onKilled.filter((m) => inDb.has(m)).length,
      stored: inDb.size,
    });
  });
});
