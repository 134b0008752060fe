import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** The backup is not a Fellesrom database, or not a whole one. */
export class InvalidBackupError extends Error {
  readonly code = 'INVALID_BACKUP';
}

/**
 * From the server's own connection (scheduled backups): SQLite's online backup API, a step of
 * pages per event-loop turn so the sync server keeps answering. Writes made on the same
 * connection while it copies are carried into the copy, so it never restarts.
 */
export function backupOpenDatabase(sqlite: Database.Database, file: string): Promise<BackupResult> {
  return writeBackup(file, async (partial) => {
    await sqlite.backup(partial);
  });
}

/**
 * From another process (`npm run backup`, the server may be running): `VACUUM INTO` copies one
 * snapshot inside one read transaction. In WAL mode the server keeps committing meanwhile, and
 * unlike the backup API from a second connection, those commits never make the copy start over.
 */
export function backupDatabaseFile(databaseFile: string, file: string): Promise<BackupResult> {
  return writeBackup(file, async (partial) => {
    const db = new Database(databaseFile, { fileMustExist: true, timeout: 5000 });
    try {
      db.prepare('VACUUM INTO ?').run(partial);
    } finally {
      db.close();
    }
  });
}

/**
 * Writes to `<file>.partial`, checks it, makes it durable and only then gives it its name, so a
 * file called `file` is always a whole, checked backup. `copy` checks what it wrote itself when
 * it is not a SQLite file (PostgreSQL's archives).
 */
export async function writeBackup(file: string, copy: (partial: string) => Promise<void>, check: (partial: string) => unknown = verifyBackup): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await copy(partial);
    await check(partial);
    fsyncFile(partial);
    fs.renameSync(partial, target);
    fsyncFile(path.dirname(target));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { file: target, bytes: fs.statSync(target).size, ms: Math.round(performance.now() - started) };
}

/** Throws InvalidBackupError unless `file` is an intact SQLite database with Fellesrom's migrations. */
export function verifyBackup(file: string): { migrations: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InvalidBackupError(`${file} cannot be opened as a database`, { cause: error });
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new InvalidBackupError(`${file} is damaged: ${String(check)}`);
    const migrations = db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number;
    return { migrations };
  } catch (error) {
    if (error instanceof InvalidBackupError) throw error;
    throw new InvalidBackupError(`${file} is not a Fellesrom database`, { cause: error });
  } finally {
    db.close();
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
