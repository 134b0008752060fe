import fs from 'node:fs';
import { lockDataDir } from '../db/data-dir-lock';
import { databaseFile } from '../db/open';
import { verifyBackup } from './backup-database';

export interface RestoreResult {
  /** Where the database that was replaced now lies (with its -wal beside it), if there was one. */
  previous: string | null;
  migrations: number;
}

/**
 * Puts the backup `from` in place of `<dataDir>/fellesrom.sqlite`. Refuses (DataDirInUseError)
 * while a server holds the data directory. The replaced database is kept beside it, renamed
 * together with its WAL so that what it had committed stays readable. Migrations newer than the
 * backup run at the next start, as on any upgrade.
 */
export function restoreDatabase(dataDir: string, from: string): RestoreResult {
  const lock = lockDataDir(dataDir);
  try {
    const { migrations } = verifyBackup(from);
    const target = databaseFile(dataDir);
    let previous: string | null = null;
    if (fs.existsSync(target)) {
      previous = `${target}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`;
      fs.renameSync(target, previous);
      if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${previous}-wal`);
      fs.rmSync(`${target}-shm`, { force: true });
    }
    const partial = `${target}.restoring`;
    fs.copyFileSync(from, partial);
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, target);
    return { previous, migrations };
  } finally {
    lock.release();
  }
}
