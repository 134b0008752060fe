import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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
