import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

/** The drizzle handle; `$client` is the better-sqlite3 connection under it (for pragmas). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A database handle or an open transaction on it (nested transactions become savepoints). */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];
export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
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
  const db = drizzle(sqlite, { schema });
  migrateSafely(sqlite, db, migrationsFolder);
  sqlite.pragma('foreign_keys = ON');
  return { db, sqlite };
}

/**
 * Applies migrations with foreign keys off, as SQLite's procedure for changing a table asks: a
 * migration that rebuilds a table (drizzle-kit's copy → drop → rename) would otherwise cascade the
 * drop into every row that references it. Their own `PRAGMA foreign_keys` lines do nothing, as the
 * migrator runs them inside a transaction. The references are checked before anything is used.
 */
export function migrateSafely(sqlite: Database.Database, db: Db, folder: string): void {
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: folder });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`Migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
}
