import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle as syncDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sql } from 'drizzle-orm';
import { drizzle, type SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { markSavepoint, withAfterCommit } from './after-commit';
import * as schema from './schema';
import { SqliteGate } from './sqlite-gate';

/**
 * The drizzle handle every domain query goes through. Queries are awaited and transactions are
 * async (`await db.transaction(async (tx) => …)`), so the same code can run on a database that
 * answers over the network.
 */
export type Db = SqliteRemoteDatabase<typeof schema>;
/** A database handle or an open transaction on it (nested transactions become savepoints). */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];
export interface OpenDatabase {
  db: Db;
  /** The connection under `db`, for pragmas, backups and the sync log's hot path: use it through `gate`. */
  sqlite: Database.Database;
  gate: SqliteGate;
}

/** How many rows an insert, update or delete without `returning()` touched. */
export function rowsChanged(result: unknown): number {
  return (result as { changes: number }).changes;
}

/** Prepared statements by SQL text; the domain's queries are a bounded set, `IN (…)` lists aside. */
const STATEMENT_CACHE = 500;

/**
 * Drizzle's async SQLite driver over the one better-sqlite3 connection. Each statement still runs
 * synchronously; the gate holds other requests' statements back while an async transaction is
 * open (`BEGIN IMMEDIATE`, so it takes the write lock before it reads what it will write from).
 */
function asyncDrizzle(sqlite: Database.Database, gate: SqliteGate): Db {
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string): Database.Statement => {
    let statement = statements.get(text);
    if (statement) {
      statements.delete(text);
    } else {
      statement = sqlite.prepare(text);
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
    }
    statements.set(text, statement);
    return statement;
  };
  const execute = (text: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    const statement = prepare(text);
    if (method === 'run') return { rows: [], changes: statement.run(...params).changes };
    if (!statement.reader) throw new Error(`${method} on a statement that returns no rows: ${text}`);
    const raw = statement.raw(true);
    return { rows: method === 'get' ? (raw.get(...params) as unknown[]) : (raw.all(...params) as unknown[]) };
  };
  const db = drizzle((text, params, method) => Promise.resolve(gate.run(() => execute(text, params, method))), { schema });
  const transaction = db.transaction.bind(db);
  const nested = savepoints(db);
  db.transaction = ((work, config) =>
    gate.holdsHere()
      ? nested(() => work(db as never))
      : withAfterCommit(() => gate.exclusive(() => transaction(work, { behavior: 'immediate', ...config })))) as Db['transaction'];
  return db;
}

/**
 * For a transaction begun with the outer handle inside another: it becomes a savepoint of it (as
 * better-sqlite3's nested transactions do), so a failure inside undoes only its own part (and drops
 * what it asked to run after the commit). The same statements on SQLite and PostgreSQL.
 */
export function savepoints(db: Db): <T>(work: () => Promise<T>) => Promise<T> {
  let made = 0;
  return async (work) => {
    const name = `nested_${++made}`;
    await db.run(sql.raw(`SAVEPOINT ${name}`));
    const dropAfterCommits = markSavepoint();
    try {
      const result = await work();
      await db.run(sql.raw(`RELEASE ${name}`));
      return result;
    } catch (error) {
      dropAfterCommits();
      await db.run(sql.raw(`ROLLBACK TO ${name}`));
      await db.run(sql.raw(`RELEASE ${name}`));
      throw error;
    }
  };
}

/** Beside this module in the sources, beside the bundle in dist/server (copied by scripts/build.ts). */
export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export const databaseFile = (dataDir: string) => path.join(dataDir, 'fellesrom.sqlite');

/** Opens (creating if needed) `<dataDir>/fellesrom.sqlite` in WAL mode with secure deletion, and applies migrations. */
export function openDatabase(dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): OpenDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databaseFile(dataDir));
  sqlite.pragma('journal_mode = WAL');
  // Deleted rows are overwritten with zeros, so deleted text does not linger in free pages.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('busy_timeout = 5000');
  migrateSafely(sqlite, syncDrizzle(sqlite, { schema }), migrationsFolder);
  sqlite.pragma('foreign_keys = ON');
  const gate = new SqliteGate();
  return { db: asyncDrizzle(sqlite, gate), sqlite, gate };
}

/**
 * Applies migrations with foreign keys off, as SQLite's procedure for changing a table asks: a
 * migration that rebuilds a table (drizzle-kit's copy → drop → rename) would otherwise cascade the
 * drop into every row that references it. Their own `PRAGMA foreign_keys` lines do nothing, as the
 * migrator runs them inside a transaction. The references are checked before anything is used.
 */
export function migrateSafely(sqlite: Database.Database, db: BetterSQLite3Database<typeof schema>, folder: string): void {
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: folder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`Migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
}
