/**
 * Operator commands, built to dist/server/cli.js:
 *   npm run backup -- --to <file>     a consistent copy of the database; the servers may be running
 *   npm run restore -- --from <file>  puts a backup in place; refuses while a server uses the database
 * SQLite (DATA_DIR): a copy of the file. PostgreSQL (DATABASE_URL): pg_dump's custom format, restored
 * with pg_restore and psql (server/backup/postgres-backup.ts).
 * Exit codes: 0 done, 1 failed, 2 usage or configuration, 3 the data directory is in use.
 */
import { parseArgs } from 'node:util';
import { backupDatabaseFile, InvalidBackupError } from './backup/backup-database';
import { backupPostgres, restorePostgres } from './backup/postgres-backup';
import { restoreDatabase } from './backup/restore-database';
import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/data-dir-lock';
import { databaseFile } from './db/open';

const usage = 'usage: cli.js backup --to <file> | cli.js restore --from <file>';

try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { to: { type: 'string' }, from: { type: 'string' } },
  });
  const { dataDir, databaseUrl } = loadConfig();
  const [command] = positionals;
  if (command === 'backup' && values.to) {
    const result = databaseUrl ? await backupPostgres(databaseUrl, values.to) : await backupDatabaseFile(databaseFile(dataDir), values.to);
    process.stdout.write(`backup written: ${result.file} (${result.bytes} bytes, ${result.ms} ms)\n`);
  } else if (command === 'restore' && values.from) {
    // On PostgreSQL what the database held is kept in DATA_DIR, as SQLite keeps its replaced file there.
    const result = databaseUrl ? await restorePostgres(databaseUrl, values.from, dataDir) : restoreDatabase(dataDir, values.from);
    const into = databaseUrl ? `the PostgreSQL database ${decodeURIComponent(new URL(databaseUrl).pathname.slice(1))}` : databaseFile(dataDir);
    process.stdout.write(`restored ${values.from} into ${into}${result.previous ? `; the previous database is kept as ${result.previous}` : ''}\n`);
  } else {
    process.stderr.write(`${usage}\n`);
    process.exitCode = 2;
  }
} catch (error) {
  if (error instanceof DataDirInUseError) {
    process.stderr.write(`refused: ${error.message}. Stop the server first.\n`);
    process.exitCode = 3;
  } else if (error instanceof ConfigError || error instanceof InvalidBackupError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = error instanceof InvalidBackupError ? 1 : 2;
  } else {
    process.stderr.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
