import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client, types } from 'pg';
import { toPostgresSql } from '../../server/db/pg/domain';
import { PG_BIN } from './services';
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
    // As on the server's own connection (and always on PostgreSQL): references are enforced.
    db.pragma('foreign_keys = ON');
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

/**
 * Whether `text` is anywhere in the server's database. SQLite: in the bytes of its file or -wal
 * (deleted rows included, unless overwritten). PostgreSQL: in any row a dump of the database
 * holds, as text or inside bytes (a Yjs update): PostgreSQL does not zero a deleted row's bytes
 * (see README), so there the test is that no row holds it any more.
 */
export async function databaseHolds(dataDir: string, text: string): Promise<boolean> {
  const url = databaseUrlOf(dataDir);
  if (!url) {
    const found = filesContain(dataDir, text);
    return found.db || found.wal;
  }
  const dump = execFileSync(path.join(PG_BIN, 'pg_dump'), ['--data-only', '--no-owner', await url], { maxBuffer: 512 * 1024 * 1024 }).toString('utf8');
  return dump.includes(text) || dump.includes(Buffer.from(text, 'utf8').toString('hex'));
}

/**
 * Appends `update` to the document's stored log behind the server's back, as data from an older
 * version would be there: SQLite numbers the row itself; PostgreSQL's log is numbered per document
 * through document_heads, as the server's store numbers it.
 */
export async function appendStoredUpdate(dataDir: string, documentId: string, update: Uint8Array): Promise<void> {
  const bytes = Buffer.from(update);
  if (!databaseUrlOf(dataDir)) {
    await queryDatabase(dataDir, 'insert into document_updates (document_id, "update") values (?, ?)', documentId, bytes);
    return;
  }
  await queryDatabase(
    dataDir,
    `with head as (
       insert into document_heads (document_id, last_seq) values (?, 1)
       on conflict (document_id) do update set last_seq = document_heads.last_seq + 1 returning last_seq)
     insert into document_updates (document_id, seq, "update") select ?, last_seq, ? from head`,
    documentId,
    documentId,
    bytes,
  );
}

/**
 * Makes `state` the document's whole stored content behind the server's back (no log rows), as
 * data from an older version would be there after an upgrade. PostgreSQL's state also says which
 * log rows it folds in: all that were ever numbered, so no later row is mistaken for a gap.
 */
export async function replaceStoredState(dataDir: string, documentId: string, state: Uint8Array): Promise<void> {
  const bytes = Buffer.from(state);
  await queryDatabase(dataDir, 'delete from document_updates where document_id = ?', documentId);
  if (!databaseUrlOf(dataDir)) {
    await queryDatabase(dataDir, 'update document_states set state = ? where document_id = ?', bytes, documentId);
    return;
  }
  await queryDatabase(
    dataDir,
    'update document_states set state = ?, through_seq = coalesce((select last_seq from document_heads where document_id = ?), 0) where document_id = ?',
    bytes,
    documentId,
    documentId,
  );
}
