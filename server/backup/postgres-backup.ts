/**
 * Backups on PostgreSQL (DATABASE_URL), with PostgreSQL's own tools, so `npm run backup` and
 * `npm run restore` mean the same on both databases: a backup is one consistent snapshot taken
 * while the servers run (`pg_dump`, custom format), a restore replaces the whole database in one
 * transaction and keeps what was there before.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataDirInUseError } from '../db/data-dir-lock';
import { type BackupResult, InvalidBackupError, writeBackup } from './backup-database';

const run = promisify(execFile);

/** Where Debian puts PostgreSQL 15's programs when they are not on PATH. */
const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';

/** pg_dump, pg_restore or psql is not installed. */
export class BackupToolMissingError extends Error {
  readonly code = 'BACKUP_TOOL_MISSING';
}

/** The program `name` from PATH, else from Debian's PostgreSQL 15 folder (`dirs`: where to look instead). */
export function postgresTool(
  name: 'pg_dump' | 'pg_restore' | 'psql',
  dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), DEBIAN_BIN],
): string {
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new BackupToolMissingError(
    `${name} was not found in ${dirs.join(', ')}; backups on PostgreSQL need PostgreSQL's client programs (Debian: apt-get install postgresql-client)`,
  );
}

async function tool(name: 'pg_dump' | 'pg_restore' | 'psql', args: string[]): Promise<string> {
  try {
    return (await run(postgresTool(name), args, { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch (error) {
    if (error instanceof BackupToolMissingError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`${name} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** A consistent snapshot of the database at `url` into `file` (pg_dump's custom format), checked before it gets its name. */
export function backupPostgres(url: string, file: string): Promise<BackupResult> {
  return writeBackup(
    file,
    async (partial) => {
      await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, url]);
    },
    verifyPostgresBackup,
  );
}

/** Throws InvalidBackupError unless `file` is a pg_dump archive of a Fellesrom database; gives the number of migrations it holds. */
export async function verifyPostgresBackup(file: string): Promise<{ migrations: number }> {
  if (!fs.existsSync(file)) throw new InvalidBackupError(`${file} does not exist`);
  let rows: string;
  try {
    // The migration table's rows, as pg_restore would load them: an archive that cannot be read fails here.
    rows = await tool('pg_restore', ['--data-only', '--schema=drizzle', '--table=__drizzle_migrations', '--file=-', file]);
  } catch (error) {
    if (error instanceof BackupToolMissingError) throw error;
    throw new InvalidBackupError(`${file} is not a PostgreSQL backup (pg_dump --format=custom)`, { cause: error });
  }
  const copy = /^COPY drizzle\.__drizzle_migrations .*\n([\s\S]*?)^\\\.$/m.exec(rows);
  if (!copy) throw new InvalidBackupError(`${file} is not a Fellesrom database`);
  return { migrations: copy[1]!.split('\n').filter(Boolean).length };
}

/** Other sessions on the database at `url` (running servers); a restore refuses while there are any. */
async function otherSessions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Replaces everything in the database at `url` with the backup `from`, in one transaction (a
 * failure leaves it as it was), after writing what it held to `keepDir` (nothing is lost by a
 * wrong restore). Both schemas are dropped first, so tables of a newer version than the backup do
 * not stay behind: the next start migrates the restored database, as on any upgrade. Refuses
 * (DataDirInUseError) while anything else is connected to the database.
 */
export async function restorePostgres(url: string, from: string, keepDir: string): Promise<{ previous: string; migrations: number }> {
  const { migrations } = await verifyPostgresBackup(from);
  const others = await otherSessions(url);
  if (others > 0) throw new DataDirInUseError(`the database is in use by another Fellesrom process (${others} other connection${others === 1 ? '' : 's'})`);
  fs.mkdirSync(keepDir, { recursive: true });
  const previous = path.join(keepDir, `fellesrom.before-restore-${new Date().toISOString().replaceAll(':', '-')}.dump`);
  await backupPostgres(url, previous);
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-restore-')), 'restore.sql');
  try {
    await tool('pg_restore', ['--no-owner', '--no-privileges', `--file=${script}`, from]);
    await tool('psql', [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      `--dbname=${url}`,
      '--command=DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;',
      `--file=${script}`,
    ]);
  } finally {
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  }
  return { previous, migrations };
}
