import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Another process (a running server, a restore) holds the data directory. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
}

export interface DataDirLock {
  release(): void;
}

/**
 * Claims `dataDir` for this process until `release()`: a server holds it while it runs, a restore
 * while it swaps the database file. The claim is an exclusive SQLite lock on `fellesrom.lock`, an
 * fcntl lock the kernel drops when the process dies (even by SIGKILL), so a stale claim cannot
 * outlive its owner the way a PID file can, and it holds across containers sharing the volume.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'fellesrom.lock');
  const lock = new Database(file, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DataDirInUseError(`${dataDir} is in use by another Fellesrom process (a running server or restore)`, { cause: error });
    }
    throw error;
  }
  return { release: () => lock.close() };
}
