import { sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresDomain, type PostgresDomain } from '../../server/db/pg/domain';
import { type Postgres, startPostgres } from '../helpers/services';

/**
 * A transaction on PostgreSQL holds one pooled connection, and every statement in its async context
 * runs on it — also statements started together (Promise.all) or from a timer begun inside it. They
 * must reach the connection one after another: a pg client given a query while it runs another
 * warns now ("deprecated … removed in pg@9.0") and will refuse it.
 */
let postgres: Postgres;
let opened: PostgresDomain;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
/**
 * pg warns once per process, so each test also watches the connections itself (through the pool's
 * own events): a query given to a client that still runs one, and a client released while a query
 * it was given has not finished.
 */
const seen = { overlapping: 0, releasedBusy: 0 };
const inFlight = new WeakMap<PoolClient, number>();
function watch(client: PoolClient) {
  if (inFlight.has(client)) return;
  inFlight.set(client, 0);
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: typeof query }).query = (...args) => {
    const now = inFlight.get(client)!;
    if (now > 0) seen.overlapping++;
    inFlight.set(client, now + 1);
    const done = () => inFlight.set(client, inFlight.get(client)! - 1);
    // pool.query gives a callback (and gets no promise back).
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      return query(...args.slice(0, -1), (...answer: unknown[]) => {
        done();
        callback(...answer);
      });
    }
    const running = query(...args);
    running.then(done, done);
    return running;
  };
}
beforeAll(async () => {
  process.on('warning', onWarning);
  postgres = await startPostgres();
  opened = await openPostgresDomain(postgres.url, { maxConnections: 2 });
  opened.pool.on('acquire', watch);
  opened.pool.on('release', (_error, client) => {
    if ((inFlight.get(client) ?? 0) > 0) seen.releasedBusy++;
  });
  await opened.db.run(sql`create table concurrent_probe (n integer not null)`);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await opened?.close();
  await postgres?.stop();
});

beforeEach(() => {
  seen.overlapping = 0;
  seen.releasedBusy = 0;
  warnings.length = 0;
});

const pgWarnings = () => warnings.filter((w) => /client\.query|pg@9/.test(w));
const backend = sql`select pg_backend_pid()`;

describe('statements started together inside one PostgreSQL transaction', () => {
  it('run one after another on its connection, each with its own result, and no pg warning', async () => {
    const { db } = opened;
    const outside = (await db.values<[number]>(backend))[0]![0];
    const result = await db.transaction(async (tx) => {
      const pids = await Promise.all([
        tx.values<[number]>(sql`select pg_backend_pid() from pg_sleep(0.05)`),
        ...[1, 2, 3, 4, 5].map((n) => tx.run(sql`insert into concurrent_probe (n) values (${n})`)),
        // Through the outer handle too, as domain code does: the same transaction.
        db.values<[number]>(backend),
      ]);
      const [sum, count] = (await Promise.all([
        tx.values<[number]>(sql`select sum(n) from concurrent_probe`),
        db.values<[number]>(sql`select count(*) from concurrent_probe`),
      ])).map((rows) => Number(rows[0]![0]));
      return { first: (pids[0] as [number][])[0]![0], last: (pids.at(-1) as [number][])[0]![0], sum, count };
    });
    expect(result.sum).toBe(15);
    expect(result.count).toBe(5);
    // One connection for the whole transaction: the statements could not have run side by side.
    expect(result.last).toBe(result.first);
    expect(typeof outside).toBe('number');
    expect(Number((await db.values(sql`select count(*) from concurrent_probe`))[0]![0])).toBe(5);
    expect(pgWarnings()).toEqual([]);
    expect(seen).toEqual({ overlapping: 0, releasedBusy: 0 });
  });

  it('a failed statement fails its transaction, the others started with it are undone, and the connection serves again', async () => {
    const { db } = opened;
    await expect(
      db.transaction(async (tx) => {
        await Promise.all([
          tx.run(sql`insert into concurrent_probe (n) values (100)`),
          tx.run(sql`insert into concurrent_probe (n) values (null)`),
          tx.run(sql`insert into concurrent_probe (n) values (200)`),
        ]);
      }),
    ).rejects.toThrow();
    expect(Number((await db.values(sql`select count(*) from concurrent_probe where n >= 100`))[0]![0])).toBe(0);
    // Both pooled connections (maxConnections 2) still answer inside transactions.
    const both = await Promise.all([1, 2].map(() => db.transaction(async (tx) => (await tx.values<[number]>(backend))[0]![0])));
    expect(both.every((pid) => typeof pid === 'number')).toBe(true);
    expect(pgWarnings()).toEqual([]);
    expect(seen).toEqual({ overlapping: 0, releasedBusy: 0 });
  });

  it('a statement or transaction that a timer begun inside starts after the commit goes to the pool, not to the ended transaction', async () => {
    const { db } = opened;
    let committed!: () => void;
    const commit = new Promise<void>((resolve) => (committed = resolve));
    let late: Promise<unknown[]> | undefined;
    const inside = await db.transaction(async (tx) => {
      await tx.run(sql`insert into concurrent_probe (n) values (7)`);
      // As the mailer's queue kick does: begun inside, so its statements keep the transaction's context.
      late = new Promise((resolve, reject) =>
        setImmediate(() =>
          commit
            .then(() =>
              Promise.all([
                db.run(sql`insert into concurrent_probe (n) values (8)`),
                // Its own transaction: a savepoint of the ended one would fail.
                db.transaction(async (own) => {
                  await own.run(sql`insert into concurrent_probe (n) values (9)`);
                  return (await own.values<[number]>(backend))[0]![0];
                }),
              ]),
            )
            .then(resolve, reject),
        ),
      );
      return (await tx.values<[number]>(backend))[0]![0];
    });
    committed();
    const [, ownPid] = await late!;
    expect(typeof ownPid).toBe('number');
    expect(typeof inside).toBe('number');
    const after = await db.transaction(async (tx) => Number((await tx.values(sql`select count(*) from concurrent_probe where n in (7, 8, 9)`))[0]![0]));
    expect(after).toBe(3);
    expect(pgWarnings()).toEqual([]);
    expect(seen).toEqual({ overlapping: 0, releasedBusy: 0 });
  });
});
