/**
 * Storms on the whole server as three processes on one PostgreSQL + Redis (DATABASE_URL +
 * REDIS_URL): signed-in people with their session cookies, each socket through the app's
 * authenticated /collab endpoint, spread over the instances the way a load balancer without sticky
 * sessions spreads them. Each test prints its figures as a `[figures]` line (the closing note of
 * issue 17 quotes them).
 *
 * The tests share one set of instances and run in order; the kill -9 is last.
 */
import * as prng from 'lib0/prng';
import { Pool } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { PostgresDocumentStore } from '../../server/sync/postgres-document-store';
import { addMember, createDocument, Session, teamLeader } from '../helpers/api';
import { appendParagraph, type Client, connectClient, whenStored } from '../helpers/clients';
import { delayedSocketClass } from '../helpers/delayed-socket';
import { randomEdit } from '../helpers/random-edit';
import { type ServerProcess, spawnServer, tempDataDir } from '../helpers/server';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

/** A storm runs for tens of seconds; the bound is for a machine shared with other test files. */
const STORM_TIMEOUT_MS = 180_000;
/** Edits (and reconnects) per convergence seed; marks written in the Redis and kill -9 storms. */
const CONVERGENCE_STEPS = Number(process.env.STORM_STEPS ?? 4000);
const MARK_STEPS = Number(process.env.STORM_MARKS ?? 3000);

let postgres: Postgres;
let redis: RedisServer;
let pool: Pool;
let store: PostgresDocumentStore;
const instances: ServerProcess[] = [];
/** The team's people, each signed in once; any instance accepts their cookie (sessions are in PostgreSQL). */
const people: Session[] = [];
let teamId = '';
let leader: Session;
const clients: Client[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase('storm');
  // One after another: each compiles the server through tsx.
  for (let i = 0; i < 3; i++) {
    instances.push(
      await spawnServer(tempDataDir('fellesrom-storm'), {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        SECRET_KEY: 'a shared secret key of at least thirty-two characters',
        // Folds often, so compaction (one instance at a time, under the document's lock) runs mid-storm.
        COMPACT_AFTER_UPDATES: '40',
      }),
    );
  }
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
  store = new PostgresDocumentStore(pool);
  ({ session: leader, teamId } = await teamLeader(instances[0]!.url, 'Lise Leder'));
  people.push(leader);
  // Invited and signed up through different instances, as they would be.
  for (const name of ['Mona Medlem', 'Per Pedagog', 'Siri Spes', 'Tor Trinn', 'Una Ut']) {
    const at = instances[people.length % instances.length]!;
    people.push(await addMember(leaderOn(at), teamId, 'member', name));
  }
}, 240_000);
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') for (const i of instances) console.log(`--- instance ${i.port}\n${i.output().slice(-4000)}`);
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(
    instances.map(async (i) => {
      if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGTERM');
      await i.exited;
    }),
  );
  await pool?.end();
  await redis?.stop();
  await postgres?.stop();
});

/** The leader, talking to `instance`. */
const leaderOn = (instance: ServerProcess) => new Session(instance.url, leader.cookie, leader.user);

/** `person`'s editor on `instance`, optionally over a connection that delays frames (classroom Wi-Fi). */
function connect(instance: ServerProcess, documentId: string, person: Session, options: { doc?: Y.Doc; delay?: prng.PRNG } = {}): Client {
  const client = connectClient(instance.wsUrl, documentId, {
    cookie: person.cookie,
    doc: options.doc,
    ...(options.delay ? { WebSocketPolyfill: delayedSocketClass(options.delay, 15, person.cookie) as unknown as typeof WebSocket } : {}),
  });
  clients.push(client);
  return client;
}

/** The same editor reconnecting through the load balancer and landing on another instance. */
function moveTo(client: Client, instance: ServerProcess, documentId: string, person: Session, delay: prng.PRNG): Client {
  client.provider.destroy();
  clients.splice(clients.indexOf(client), 1);
  return connect(instance, documentId, person, { doc: client.doc, delay });
}

/** The document as PostgreSQL has it, read through a connection of the test's own. */
async function storedDoc(documentId: string): Promise<Y.Doc> {
  const stored = await store.load(documentId);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The marks (one paragraph each) in a document's content, in document order. */
const marksOf = (doc: Y.Doc | Y.XmlElement) =>
  (doc instanceof Y.Doc ? doc.getXmlFragment('default').toArray() : [doc])
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : ''))
    .filter((text) => text.startsWith('m:'));

function figures(name: string, values: Record<string, unknown>): void {
  console.log(`[figures] ${name} ${JSON.stringify(values)}`);
}

/** What an instance logged since `from` (its output's length then). */
const loggedSince = (instance: ServerProcess, from: number, message: string) => instance.output().slice(from).includes(`"msg":"${message}"`);

/**
 * Paces a storm by the product: resolves once the server has confirmed storing everything one of
 * the connected clients sent so far (the "saved" answer the editor shows as "Lagret"), so the
 * storm's edits, moves and failures spread over the time the instances take to commit and relay.
 */
async function paced(gen: prng.PRNG, among: Client[]): Promise<void> {
  const connected = among.filter((c) => !c.doc.isDestroyed && c.provider.wsconnected && c.provider.synced);
  if (connected.length === 0) return;
  await whenStored(prng.oneOf(gen, connected), 30_000);
}

describe('three app instances on one PostgreSQL + Redis, signed-in people spread over them', () => {
  for (const seed of (process.env.STORM_SEEDS ?? '21,22').split(',').map(Number)) {
    it(
      `seed ${seed}: 6 people, random edits and reconnects that land on another instance, end identical to each other and to PostgreSQL`,
      async () => {
        const gen = prng.create(seed);
        const documentId = await createDocument(leaderOn(instances[seed % 3]!), teamId, 'note', `Storm ${seed}`);
        const delays = people.map((_, i) => prng.create(seed * 31 + i));
        let team = people.map((person, i) => connect(instances[i % 3]!, documentId, person, { delay: delays[i]! }));
        const where = people.map((_, i) => i % 3);
        await waitFor(() => team.every((c) => c.provider.synced), 30_000, 'initial sync');
        let moves = 0;
        for (let step = 0; step < CONVERGENCE_STEPS; step++) {
          const i = prng.uint32(gen, 0, team.length - 1);
          const roll = prng.uint32(gen, 0, 99);
          if (roll < 3) {
            where[i] = (where[i]! + prng.uint32(gen, 1, 2)) % 3;
            team[i] = moveTo(team[i]!, instances[where[i]!]!, documentId, people[i]!, delays[i]!);
            moves++;
          } else {
            randomEdit(gen, team[i]!.fragment);
          }
          if (prng.uint32(gen, 0, 2) === 0) await yieldToEventLoop(prng.uint32(gen, 1, 10));
          if (step % 8 === 7) await paced(gen, team);
        }
        const texts = () => team.map((c) => c.fragment.toString());
        await waitFor(() => team.every((c) => c.provider.synced) && new Set(texts()).size === 1, 60_000, `convergence (seed ${seed})`);
        const final = texts()[0]!;
        expect(new Set(team.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64'))).size).toBe(1);
        // Everything any client has is committed: the instances answer only from committed state.
        await waitFor(async () => (await storedDoc(documentId)).getXmlFragment('default').toString() === final, 30_000, 'PostgreSQL to hold the final content');
        expect(final.length).toBeGreaterThan(10);
        figures('app-convergence', { seed, instances: 3, people: team.length, steps: CONVERGENCE_STEPS, moves, converged: true, chars: final.length });
        team = [];
      },
      STORM_TIMEOUT_MS,
    );
  }

  /**
   * Writers append unique marks (a paragraph each, as typing a line does); the test counts every
   * mark written, every mark a client received, and what PostgreSQL holds at the end.
   */
  async function storm(writers: Client[], gen: prng.PRNG, written: Map<string, Client>, at: Record<number, () => Promise<void>>) {
    for (let step = 0; step < MARK_STEPS; step++) {
      await at[step]?.();
      const live = writers.filter((w) => !w.doc.isDestroyed);
      const writer = prng.oneOf(gen, live);
      const mark = `m:${writers.indexOf(writer)}:${step}`;
      appendParagraph(writer.fragment, mark);
      written.set(mark, writer);
      if (prng.uint32(gen, 0, 3) === 0) await yieldToEventLoop(prng.uint32(gen, 1, 8));
      if (step % 10 === 9) await paced(gen, live);
    }
  }

  it(
    'Redis killed and restarted mid-storm: every instance recovers by sequence number, every client ends with every update, none twice',
    async () => {
      const gen = prng.create(7);
      const documentId = await createDocument(leader, teamId, 'note', 'Redis restart');
      const writers = people.map((person, i) => connect(instances[i % 3]!, documentId, person));
      await waitFor(() => writers.every((c) => c.provider.synced), 30_000, 'initial sync');
      const written = new Map<string, Client>();
      const third = Math.floor(MARK_STEPS / 3);
      let downFrom = 0;
      let downUntil = 0;
      let resyncedAt: number | null = null;
      await storm(writers, gen, written, {
        [third]: async () => {
          const logged = instances.map((i) => i.output().length);
          await redis.kill();
          // Every instance has noticed before the next third is written: its edits cannot cross.
          await waitFor(() => instances.every((i, n) => loggedSince(i, logged[n]!, 'redis connection error')), 30_000, 'every instance to notice Redis is gone');
          downFrom = written.size;
        },
        [2 * third]: async () => {
          downUntil = written.size;
          const logged = instances.map((i) => i.output().length);
          await redis.start();
          // The rest is written while the instances reconnect, resubscribe and catch up.
          void waitFor(() => instances.every((i, n) => loggedSince(i, logged[n]!, 'redis is back: catching up the open documents from the database')), 60_000, 'resync').then(
            () => (resyncedAt = written.size),
            () => {},
          );
        },
      });
      const all = [...written.keys()].toSorted();
      await waitFor(() => writers.every((w) => marksOf(w.doc).length >= all.length), 60_000, 'every client to have every mark');
      const stored = marksOf(await storedDoc(documentId));
      const received = writers.map((w) => marksOf(w.doc));
      for (const marks of [...received, stored]) expect(marks.toSorted()).toEqual(all);
      figures('app-redis-restart', {
        instances: 3,
        writers: writers.length,
        written: all.length,
        writtenWhileRedisDown: downUntil - downFrom,
        writtenBeforeEveryInstanceResynced: resyncedAt === null ? 'after the storm' : resyncedAt - downUntil,
        receivedPerClient: received.map((r) => r.length),
        stored: stored.length,
        lost: all.length - new Set(stored).size,
        duplicated: stored.length - new Set(stored).size,
      });
    },
    STORM_TIMEOUT_MS,
  );

  it(
    'kill -9 of one instance mid-storm: every update any client received is in PostgreSQL afterwards',
    async () => {
      const gen = prng.create(9);
      const [a, b, c] = instances;
      const documentId = await createDocument(leaderOn(b!), teamId, 'note', 'Kill -9');
      // Two people per instance write; one more socket per instance only reads: what it receives is what the instances broadcast.
      const writers = people.map((person, i) => connect([a, a, b, b, c, c][i]!, documentId, person));
      const observers = [a, b, c].map((instance, i) => connect(instance!, documentId, people[i]!));
      await waitFor(() => [...writers, ...observers].every((x) => x.provider.synced), 30_000, 'initial sync');
      const received = new Set<string>();
      for (const o of observers) {
        o.fragment.observe((event) => {
          for (const item of event.changes.added) {
            for (const node of item.content.getContent() as unknown[]) {
              const [mark] = node instanceof Y.XmlElement ? marksOf(node) : [];
              if (mark) received.add(mark);
            }
          }
        });
      }
      const written = new Map<string, Client>();
      let receivedBeforeKill = 0;
      await storm(writers, gen, written, {
        [Math.floor(MARK_STEPS / 2)]: async () => {
          // A's people are typing fast when it dies: a burst on their sockets, partly still on
          // the wire, partly committed and not yet relayed, when the signal lands.
          for (let n = 0; n < 20; n++) {
            const writer = writers[n % 2]!;
            const mark = `m:${n % 2}:burst-${n}`;
            appendParagraph(writer.fragment, mark);
            written.set(mark, writer);
            if (n % 5 === 4) await yieldToEventLoop(prng.uint32(gen, 1, 4));
          }
          a!.child.kill('SIGKILL');
          await a!.exited;
          receivedBeforeKill = received.size;
          // Its people close their laptops: their edits the instance never committed are gone with it.
          for (const x of [writers[0]!, writers[1]!, observers[0]!]) {
            x.provider.destroy();
            x.doc.destroy();
          }
        },
      });
      // A's first person opens the document again (a fresh tab), and the load balancer sends her to C.
      const returning = connect(c!, documentId, people[0]!);
      const survivors = [writers[2]!, writers[3]!, writers[4]!, writers[5]!, observers[1]!, observers[2]!, returning];
      const stored = async () => marksOf(await storedDoc(documentId));
      // The survivors end equal to each other and to the database (commits the dead instance never published included).
      await waitFor(
        async () => {
          const target = JSON.stringify((await stored()).toSorted());
          return survivors.every((s) => JSON.stringify(marksOf(s.doc).toSorted()) === target);
        },
        60_000,
        'survivors to match PostgreSQL',
      );
      const inDb = new Set(await stored());
      const lost = [...received].filter((m) => !inDb.has(m));
      expect(lost).toEqual([]);
      const survivorMarks = [...written].filter(([, w]) => survivors.includes(w)).map(([m]) => m);
      expect(survivorMarks.filter((m) => !inDb.has(m))).toEqual([]);
      const onKilled = [...written].filter(([, w]) => !survivors.includes(w)).map(([m]) => m);
      figures('app-kill-9', {
        instances: 3,
        written: written.size,
        receivedByAnyClient: received.size,
        receivedBeforeKill,
        lostOfReceived: lost.length,
        writtenOnKilledInstance: onKilled.length,
        ofThoseCommitted: onKilled.filter((m) => inDb.has(m)).length,
        stored: inDb.size,
      });
    },
    STORM_TIMEOUT_MS,
  );
});
