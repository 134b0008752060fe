import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client, types } from 'pg';
import { toPostgresSql } from '../../server/db/pg/domain';
import { databaseUrlOf } from './test-database';

/** Whether the raw bytes of the database file and of its -wal file contain `marker` (UTF-8). */
export function filesContain(dataDir: string, marker: string): { db: boolean; wal: boolean; walBytes: number } {
  const file = path.join(dataDir, 'fellesrom.sqlite');
  const needle = Buffer.from(marker, 'utf8');
  const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p) : Buffer.alloc(0));
  const wal = read(`${file}-wal`);
  return { db: read(file).includes(needle), wal: wal.includes(needle), walBytes: wal.length };
}

/** One query straight against the SQLite file, through a separate read-only connection. */
export function queryFile<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'fellesrom.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/**
 * One statement against the server's database, whichever it is (TEST_DATABASE): the SQLite file
 * through its own connection, or its PostgreSQL database (`?` placeholders work on both; times are
 * milliseconds on both). A select gives its rows; anything else gives []. `dataDir` may also be a
 * postgres:// URL (a server given its DATABASE_URL by the test).
 */
export async function queryDatabase<T>(dataDir: string, sql: string, ...params: unknown[]): Promise<T[]> {
  const url = dataDir.startsWith('postgres://') ? Promise.resolve(dataDir) : databaseUrlOf(dataDir);
  if (!url) {
    const db = new Database(path.join(dataDir, 'fellesrom.sqlite'), { fileMustExist: true });
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new Client({
    connectionString: await url,
    types: { getTypeParser: (oid, format) => (oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format as 'text')) as never },
  });
  await client.connect();
  try {
    return (await client.query(toPostgresSql(sql), params)).rows as T[];
  } finally {
    await client.end();
  }
}
