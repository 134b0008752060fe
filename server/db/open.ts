import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;
/** A database handle or an open transaction on it (nested transactions become savepoints). */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];
export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
}

/** Beside this module in the sources, beside the bundle in dist/server (copied by scripts/build.ts). */
export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export const databaseFile = (dataDir: string) => path.join(dataDir, 'fellesrom.sqlite');

/** Opens (creating if needed) `<dataDir>/fellesrom.sqlite` in WAL mode and applies migrations. */
export function openDatabase(dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): OpenDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(databaseFile(dataDir));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite };
}
