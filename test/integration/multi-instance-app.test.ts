/**
 * The whole server as several processes on one PostgreSQL + Redis (DATABASE_URL + REDIS_URL), the
 * way a load balancer without sticky sessions spreads one team's people over them: what the team
 * sees and what the server refuses must not depend on which instance answers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client as PgClient, Pool } from 'pg';
import * as Y from 'yjs';
import { BlockNode } from '../../shared/blocks/names';
import { contentOf, hasBlocks } from '../../shared/blocks/read';
import { PostgresDocumentStore } from '../../server/sync/postgres-document-store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes';
import { appendParagraph, type Client, connectClient, whenStored } from '../helpers/clients';
import { addMember, createDocument, PASSWORD, request, Session, teamLeader, uniqueEmail } from '../helpers/api';
import { type ServerProcess, spawnServer, tempDataDir } from '../helpers/server';
import { metric } from '../helpers/metrics';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { waitFor } from '../helpers/wait';

const METRICS_TOKEN = 'multi-instance-metrics-token';

let postgres: Postgres;
let redis: RedisServer;
/** The database the instances of the running test share. */
let databaseUrl = '';
const instances: ServerProcess[] = [];
const clients: Client[] = [];
/** Row locks a test holds; released after it, so a deletion waiting for one can end. */
const releases = new Set<() => Promise<void>>();
let databases = 0;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') for (const i of instances) console.log(`--- instance ${i.port}\n${i.output().slice(-4000)}`);
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all([...releases].map((release) => release()));
  await Promise.all(
    instances.splice(0).map(async (i) => {
      if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGTERM');
      await i.exited;
    }),
  );
});
afterAll(async () => {
  await redis?.stop();
  await postgres?.stop();
});

/** `count` instances of the server on a fresh database of the cluster (`env` for all, or the n-th's). */
async function startInstances(count: number, env: Record<string, string> | ((n: number) => Record<string, string>) = {}): Promise<ServerProcess[]> {
  databaseUrl = await postgres.createDatabase(`multi_${++databases}`);
  // Counters of an earlier test (the rate limits count in Redis) start again.
  const commands = new Redis(redis.url);
  await commands.flushall();
  commands.disconnect();
  // One after another: each compiles the server through tsx, which on a loaded machine is slow
  // enough that three at once could pass the helper's start-up bound.
  const started: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const instance = await spawnServer(tempDataDir('fellesrom-multi'), {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SECRET_KEY: 'a shared secret key of at least thirty-two characters',
      METRICS_TOKEN,
      ...(typeof env === 'function' ? env(i) : env),
    });
    instances.push(instance);
    started.push(instance);
  }
  return started;
}

/** The same signed-in person, talking to another instance. */
const on = (instance: ServerProcess, session: Session) => new Session(instance.url, session.cookie, session.user);

function connect(instance: ServerProcess, documentId: string, session: Session): Client {
  const client = connectClient(instance.wsUrl, documentId, { cookie: session.cookie });
  clients.push(client);
  return client;
}

function closeCodes(client: Client): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** What an instance holds in memory, from its own metrics. */
const openDocuments = (instance: ServerProcess) => metric(instance.url, METRICS_TOKEN, 'fellesrom_open_documents');

async function query<T extends object>(text: string, values: unknown[]): Promise<T[]> {
  const sql = new PgClient(databaseUrl);
  await sql.connect();
  try {
    return (await sql.query<T>(text, values)).rows;
  } finally {
    await sql.end();
  }
}

async function logRows(documentId: string): Promise<number> {
  const rows = await query<{ n: string }>(
    `SELECT (SELECT count(*) FROM document_updates WHERE document_id = $1)
          + (SELECT count(*) FROM document_states WHERE document_id = $1)
          + (SELECT count(*) FROM document_heads WHERE document_id = $1) AS n`,
    [documentId],
  );
  return Number(rows[0]!.n);
}

describe('a deleted document on several instances', () => {
  it('is closed with 4410 and dropped from memory on every instance that had it open, and nothing re-creates its log', async () => {
    const [a, b, c] = await startInstances(3);
    const { session: leader, teamId } = await teamLeader(a!.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Slettes');
    const onA = connect(a!, documentId, leader);
    const onB = connect(b!, documentId, leader);
    const codesA = closeCodes(onA);
    const codesB = closeCodes(onB);
    await waitFor(() => onA.provider.synced && onB.provider.synced, 20_000, 'both synced');
    appendParagraph(onB.fragment, 'skrevet på B');
    await waitFor(() => onA.fragment.toString().includes('skrevet på B'), 20_000, 'B’s edit on A');
    expect(await openDocuments(b!)).toBe(1);

    // B's person keeps typing while the document is deleted through C, which never had it open.
    const typing = setInterval(() => {
      if (!onB.doc.isDestroyed && onB.provider.wsconnected) appendParagraph(onB.fragment, 'mer');
    }, 5);
    let res;
    const started = performance.now();
    try {
      res = await on(c!, leader).request('DELETE', `/api/documents/${documentId}`);
    } finally {
      clearInterval(typing);
    }
    const deleteMs = Math.round(performance.now() - started);
    expect(res.status).toBe(204);
    await waitFor(() => codesA.includes(CloseCode.DELETED) && codesB.includes(CloseCode.DELETED), 20_000, '4410 on A and B');
    await waitFor(async () => (await openDocuments(a!)) === 0 && (await openDocuments(b!)) === 0, 20_000, 'dropped from memory on A and B');
    expect(await openDocuments(c!)).toBe(0);
    // No late append from any instance left a row behind; nobody can open it again anywhere.
    expect(await logRows(documentId)).toBe(0);
    for (const instance of [a!, b!, c!]) expect((await on(instance, leader).get(`/api/documents/${documentId}`)).status).toBe(404);
    // A figure, not an assertion: well under the 5 s bound means A and B answered the eviction.
    console.log(`[figures] eviction ${JSON.stringify({ instances: 3, openOn: 2, deleteRequestMs: deleteMs })}`);
  });
});

/** Whether `session` can open the document on `instance` now: 'synced', or the code its socket was closed with. */
async function opens(instance: ServerProcess, documentId: string, session: Session): Promise<'synced' | number> {
  const client = connect(instance, documentId, session);
  const codes = closeCodes(client);
  try {
    return await waitFor(() => (client.provider.synced ? 'synced' : codes[0]), 20_000, `the document to open or be refused on ${instance.port}`);
  } finally {
    client.destroy();
    clients.splice(clients.indexOf(client), 1);
  }
}

/**
 * Holds the document's row locked from the test's own connection, so a deletion through an instance
 * stops between its two messages (sockets closed everywhere, rows not yet deleted), until released.
 */
async function lockDocumentRow(documentId: string) {
  const sql = new PgClient(databaseUrl);
  sql.on('error', () => {});
  await sql.connect();
  const release = async () => {
    releases.delete(release);
    await sql.query('ROLLBACK').catch(() => {});
    await sql.end().catch(() => {});
  };
  releases.add(release);
  await sql.query('BEGIN');
  await sql.query('SELECT id FROM documents WHERE id = $1 FOR UPDATE', [documentId]);
  return {
    /** The deletion's statement, waiting for the lock: its backend's pid. */
    waiter: () =>
      waitFor(
        async () => (await query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`, []))[0]?.pid,
        20_000,
        'the deletion to wait for the row',
      ),
    release,
  };
}

describe('a deletion that does not end normally, on several instances', () => {
  /** A document open on A with content, deleted through C, stopped by the test between the deletion's two messages. */
  async function deletionUnderWay(env: Record<string, string>) {
    const [a, b, c] = await startInstances(3, env);
    const { session: leader, teamId } = await teamLeader(a!.url);
    const documentId = await createDocument(leader, teamId, 'note', 'Nesten slettet');
    const onA = connect(a!, documentId, leader);
    const codesA = closeCodes(onA);
    await waitFor(() => onA.provider.synced, 20_000, 'synced on A');
    appendParagraph(onA.fragment, 'blir stående');
    await whenStored(onA);
    const row = await lockDocumentRow(documentId);
    const deletion = on(c!, leader).request('DELETE', `/api/documents/${documentId}`).then(
      (res) => res.status,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    // The first message went out: A closed its socket and dropped its copy; the rows wait for the lock.
    await waitFor(() => codesA.includes(CloseCode.DELETED), 20_000, '4410 on A');
    const waiter = await row.waiter();
    onA.destroy();
    return { a: a!, b: b!, c: c!, leader, documentId, row, waiter, deletion };
  }

  it('the deleting instance killed between its two messages: the other instances open the document again once it has been silent for EVICTION_HOLD_MS', async () => {
    const holdMs = 1_500;
    // Many opens by one person in a few seconds: more than the per-person connect limit allows.
    const { a, b, c, leader, documentId, row, deletion } = await deletionUnderWay({ EVICTION_HOLD_MS: String(holdMs), SOCKET_CONNECTS_PER_USER_PER_MINUTE: '100000' });
    // While C lives it repeats that the deletion is under way: A and B (which never had it) refuse it beyond the hold.
    const since = Date.now();
    let refusals = 0;
    while (Date.now() - since < 2 * holdMs) {
      for (const instance of [a, b]) expect(await opens(instance, documentId, leader)).toBe(CloseCode.DELETED);
      refusals++;
    }
    c.child.kill('SIGKILL');
    await c.exited;
    // Its transaction dies with its connection: nothing was deleted.
    await row.release();
    expect(typeof (await deletion)).toBe('string');
    await waitFor(async () => (await opens(a, documentId, leader)) === 'synced', 20_000, 'A to open the document again');
    expect(await opens(b, documentId, leader)).toBe('synced');
    const reader = connect(b, documentId, leader);
    await waitFor(() => reader.provider.synced, 20_000, 'synced on B');
    expect(reader.fragment.toString()).toContain('blir stående');
    expect((await on(a, leader).get(`/api/documents/${documentId}`)).status).toBe(200);
    expect(a.output()).toContain('the instance deleting a document went silent');
    console.log(`[figures] eviction-hold ${JSON.stringify({ holdMs, refusalsWhileDeleterAlive: refusals * 2 })}`);
  });

  it('a deletion that fails and rolls back: every instance opens the document again at once, not after the hold', async () => {
    const { a, b, leader, documentId, row, waiter, deletion } = await deletionUnderWay({ EVICTION_HOLD_MS: '600000' });
    // The deletion's statement is cancelled: C rolls back, and says so to every instance.
    await query('SELECT pg_cancel_backend($1)', [waiter]);
    expect(await deletion).toBe(500);
    await row.release();
    expect(await opens(a, documentId, leader)).toBe('synced');
    expect(await opens(b, documentId, leader)).toBe('synced');
    expect((await on(b, leader).get(`/api/documents/${documentId}`)).status).toBe(200);
  });
});

describe('rate limits on several instances', () => {
  /** The instance the n-th request goes to: round robin, as a load balancer spreads them. */
  const roundRobin = (list: ServerProcess[]) => (n: number) => list[n % list.length]!;

  it('count in Redis: sign-ups (they send mail) from one address through alternating instances stop at the limit', async () => {
    const at = roundRobin(await startInstances(3, { SIGNUPS_PER_ADDRESS_PER_HOUR: '4' }));
    // The first account (school and team) is the first of the four.
    await teamLeader(at(0).url);
    const answers = [];
    for (let n = 1; n < 6; n++) {
      answers.push(await request(at(n).url, 'POST', '/api/auth/signup', { email: uniqueEmail('ny'), password: PASSWORD, name: `Ny ${n}` }, { origin: at(n).url }));
    }
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 429, 429]);
    expect(answers[3]!.json.error?.code).toBe('rate_limited');
    expect(answers[3]!.json.error?.message).toMatch(/try again in \d+ seconds/);
  });

  it('count in Redis: wrong passwords for one account from one address through alternating instances stop at the limit, on every instance', async () => {
    const list = await startInstances(2, { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3' });
    const at = roundRobin(list);
    const { session: person } = await teamLeader(list[0]!.url, 'Petter Passord');
    const login = (n: number, password: string) =>
      request(at(n).url, 'POST', '/api/auth/login', { email: person.user.email, password }, { origin: at(n).url });
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await login(n, 'feil passord')).status);
    expect(statuses).toEqual([401, 401, 401]);
    // The fourth try is refused on both instances, even with the right password, as on one instance.
    for (const n of [3, 4]) {
      const refused = await login(n, PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.json.error?.code).toBe('rate_limited');
    }
    // Redis holds the counts under hashes, not the e-mail or client address.
    const commands = new Redis(redis.url);
    try {
      const keys = await commands.keys('fellesrom:*');
      expect(keys.some((k) => k.startsWith('fellesrom:limit:') || k.startsWith('fellesrom:bucket:'))).toBe(true);
      expect(keys.filter((k) => k.includes(person.user.email) || k.includes('127.0.0.1'))).toEqual([]);
    } finally {
      commands.disconnect();
    }
  });
});

describe('documents made before the structured blocks, on several instances', () => {
  /** Main's lesson-plan template before the blocks (see test/integration/blocks-migration.test.ts). */
  const oldPlan = Buffer.from(
    (JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/pre-blocks-templates.json'), 'utf8')) as Record<string, string>)['lesson_plan.nb']!,
    'base64',
  );
  const flows = (doc: Y.Doc) => contentOf(doc).toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === BlockNode.lessonFlow).length;
  const tables = (doc: Y.Doc) => contentOf(doc).toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === 'table').length;

  it('opened on three instances at the same moment are converted once (under the document lock), the content not doubled', async () => {
    const list = await startInstances(3);
    const { session: leader, teamId } = await teamLeader(list[0]!.url);
    const documentIds = [];
    for (let i = 0; i < 3; i++) documentIds.push(await createDocument(leader, teamId, 'lesson_plan', `Gammel plan ${i}`));
    // Their content as an older server stored it: the old template, folded, no log.
    for (const id of documentIds) {
      await query('DELETE FROM document_updates WHERE document_id = $1', [id]);
      await query('UPDATE document_states SET state = $2 WHERE document_id = $1', [id, oldPlan]);
    }
    // Everyone opens them at once, one socket per instance per document.
    const opened = documentIds.flatMap((id) => list.map((instance) => ({ id, client: connect(instance, id, leader) })));
    await waitFor(() => opened.every((o) => o.client.provider.synced), 30_000, 'every socket synced');
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const store = new PostgresDocumentStore(pool);
      for (const id of documentIds) {
        const stored = new Y.Doc();
        await waitFor(async () => {
          const s = await store.load(id);
          const doc = new Y.Doc();
          if (s.state) Y.applyUpdate(doc, s.state);
          for (const u of s.updates) Y.applyUpdate(doc, u);
          Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
          return hasBlocks(doc);
        }, 20_000, 'the conversion stored');
        expect(flows(stored)).toBe(1);
        expect(tables(stored)).toBe(0);
        // The lesson-flow rows are there once: the conversion did not run twice.
        expect(stored.getXmlFragment('default').toString().split('Introduksjon').length - 1).toBe(1);
        // Every instance's socket ends with what is stored.
        const sockets = opened.filter((o) => o.id === id).map((o) => o.client);
        await waitFor(() => sockets.every((c) => flows(c.doc) === 1 && tables(c.doc) === 0), 20_000, 'each socket to have the one block');
      }
      const conversions = (await query<{ n: string }>('SELECT count(*) AS n FROM document_updates WHERE document_id = ANY($1::text[])', [documentIds]))[0]!.n;
      expect(Number(conversions)).toBe(documentIds.length);
    } finally {
      await pool.end();
    }
  });
});

describe('the team home on several instances', () => {
  type Online = Array<{ userId: string; name: string; documentId: string; documentTitle: string }>;
  const onlineSeen = async (session: Session, teamId: string) => {
    const home = await session.get(`/api/teams/${teamId}/home`);
    expect(home.status).toBe(200);
    return (home.json.online as Online).map((o) => `${o.name} @ ${o.documentTitle}`).toSorted();
  };

  it('lists the people whose sockets are on other instances, whatever their clocks say, and forgets an instance that was killed once its entry is stale', async () => {
    // B's clock is 90 s behind the machine's, C's 90 s ahead: entries are stamped and aged on Redis's clock.
    const skews = [0, -90_000, 90_000];
    const [a, b, c] = await startInstances(3, (n) => ({
      TEAM_PRESENCE_REFRESH_MS: '250',
      TEAM_PRESENCE_STALE_MS: '1500',
      CLOCK_SKEW_MS: String(skews[n]),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(import.meta.dirname, '../helpers/clock-skew.mjs')}`,
    }));
    const { session: leader, teamId } = await teamLeader(a!.url, 'Lise Leder');
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const plan = await createDocument(leader, teamId, 'note', 'Plan');
    const notes = await createDocument(leader, teamId, 'note', 'Notater');
    const lise = connect(a!, plan, leader);
    const mona = connect(b!, notes, member);
    await waitFor(() => lise.provider.synced && mona.provider.synced, 20_000, 'both synced');

    // Asked on C, which has no socket of the team, and on A and B, which have one each.
    const both = ['Lise Leder @ Plan', 'Mona Medlem @ Notater'];
    for (const instance of [c!, a!, b!]) {
      await waitFor(async () => JSON.stringify(await onlineSeen(on(instance, leader), teamId)) === JSON.stringify(both), 20_000, `both online, asked on ${instance.port}`);
    }

    // Lise closes her document: gone everywhere with A's next renewal, before her entry would go stale.
    lise.provider.destroy();
    await waitFor(async () => JSON.stringify(await onlineSeen(on(c!, member), teamId)) === JSON.stringify(['Mona Medlem @ Notater']), 20_000, 'Lise gone on C');

    // B dies with Mona's socket on it: she disappears from the other instances' team homes.
    b!.child.kill('SIGKILL');
    await b!.exited;
    await waitFor(async () => (await onlineSeen(on(c!, leader), teamId)).length === 0, 20_000, 'Mona gone after B was killed');
    expect(await onlineSeen(on(a!, leader), teamId)).toEqual([]);
  });
});
