import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { type Pool, type PoolClient, types } from 'pg';
import * as schema from '../schema';
import { AppError } from '../../errors';
import { withAfterCommit } from '../after-commit';
import { markPostgres } from '../dialect';
import { type Db, savepoints } from '../open';
import { openPostgres } from './open';

/**
 * The domain on PostgreSQL, with the same code as on SQLite. Every domain query is built by
 * drizzle's SQLite query builder (server/db/schema.ts is the one declaration of a table) and run
 * here: the statements drizzle writes for SQLite are standard SQL but for their `?` placeholders,
 * which become `$1, $2, …`; the values are what SQLite stores (a time as milliseconds, a boolean as
 * 1/0, JSON as text), which the PostgreSQL columns (./mirror.ts) accept as they are. The handful of
 * statements that differ ask `isPostgres(db)` (../dialect.ts).
 *
 * Transactions: `db.transaction(work)` takes a connection from the pool for its whole life; every
 * statement issued in its async context — through `tx` or through the outer `db`, as the domain
 * code does on SQLite — runs on that connection, so it is inside the transaction on both databases.
 * Those statements go to the connection one after another (a queue per transaction): code may start
 * several at once (`Promise.all`, a timer begun inside the transaction), and a pg client given a
 * query while it runs another is deprecated (refused from pg@9). The connection goes back to the
 * pool only once its queue is empty. Once the work has returned (or thrown), a statement from its
 * context — a timer begun inside it — goes to the pool, not into a transaction that is ending.
 */

/** Values as SQLite's driver gives them: bigint and numeric as numbers, JSON as its text. */
const domainTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (value: string) => Number(value);
    if (oid === types.builtins.JSON || oid === types.builtins.JSONB) return (value: string) => value;
    return types.getTypeParser(oid, format as 'text');
  },
};

const translated = new Map<string, string>();
const TRANSLATED_MAX = 2000;

/**
 * SQLite's statement text as PostgreSQL's: `?` outside quotes becomes `$n`; `begin immediate` is
 * `begin`; an upsert's conflict target loses its table names.
 */
export function toPostgresSql(text: string): string {
  const known = translated.get(text);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  if (/^begin\b/i.test(out)) out = 'begin';
  // An upsert's conflict target names bare columns there ("on conflict ("team_id", …)").
  out = out.replace(/ on conflict \(([^)]*)\)/, (_, target: string) => ` on conflict (${target.replace(/"[^"]+"\./g, '')})`);
  if (translated.size >= TRANSLATED_MAX) translated.clear();
  translated.set(text, out);
  return out;
}

interface OpenTransaction {
  client: PoolClient;
  open: boolean;
  /** Settles when the last statement given to `client` has finished (never rejects). */
  queue: Promise<unknown>;
}

/** Runs `statement` on the transaction's connection after everything already queued on it. */
function queueOn<T>(open: OpenTransaction, statement: (client: PoolClient) => Promise<T>): Promise<T> {
  const mine = open.queue.then(() => statement(open.client));
  open.queue = mine.catch(() => {});
  return mine;
}

export interface PostgresDomain {
  db: Db;
  pool: Pool;
  close(): Promise<void>;
}

/** Connects, applies the migrations (under the advisory lock, see ./open.ts), and returns the domain handle. */
export async function openPostgresDomain(url: string, options: { maxConnections?: number } = {}): Promise<PostgresDomain> {
  const { pool, close } = await openPostgres(url, { maxConnections: options.maxConnections ?? 10, types: domainTypes });
  const context = new AsyncLocalStorage<OpenTransaction>();
  const execute = async (text: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    const current = context.getStore();
    const query = { text: toPostgresSql(text), values: params, rowMode: 'array' as const };
    let result;
    try {
      // A timer started inside a transaction keeps its context after the commit: then the pool.
      if (current?.open) {
        result = await queueOn(current, (client) => client.query(query));
      } else {
        result = await pool.query(query);
      }
    } catch (error) {
      // PostgreSQL's text cannot hold U+0000 (SQLite's can): that input is refused, not a 500.
      if (['22021', '22P05'].includes((error as { code?: string }).code ?? '')) throw new AppError(400, 'validation_failed', 'Text may not contain the NUL character (U+0000)');
      throw error;
    }
    if (method === 'run') return { rows: [], changes: result.rowCount ?? 0 };
    return { rows: (method === 'get' ? result.rows[0] : result.rows) as unknown[] };
  };
  const db = drizzle((text, params, method) => execute(text, params, method), { schema }) as Db;
  markPostgres(db);
  const nested = savepoints(db);
  db.transaction = (async (work) => {
    if (context.getStore()?.open) return nested(() => work(db as never));
    return withAfterCommit(async () => {
      const client = await pool.connect();
      const open: OpenTransaction = { client, open: true, queue: Promise.resolve() };
      /** After what is queued on the connection: the transaction's own end. */
      const end = (text: 'commit' | 'rollback') => {
        open.open = false;
        return queueOn(open, (c) => c.query(text));
      };
      let broken: Error | undefined;
      try {
        await client.query('begin');
        let result;
        try {
          // The handle itself serves as `tx`: in this context its statements are the transaction's.
          result = await context.run(open, () => work(db as never));
        } catch (error) {
          await end('rollback');
          throw error;
        }
        // From here a statement started in this context (a timer begun inside) goes to the pool:
        // it must not join a transaction that is committing, nor make a savepoint after its end.
        await end('commit');
        return result;
      } catch (error) {
        // A connection that failed (not a statement: those carry a SQLSTATE code) is not given back.
        if (error instanceof Error && !('code' in error)) broken = error;
        throw error;
      } finally {
        open.open = false;
        await open.queue;
        client.release(broken);
      }
    });
  }) as Db['transaction'];
  return { db, pool, close };
}
