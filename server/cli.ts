/**
 * Operator commands, built to dist/server/cli.js:
 *   npm run backup -- --to <file>     a consistent copy of DATA_DIR's database; the server may be running
 *   npm run restore -- --from <file>  puts a backup in place; refuses while a server uses DATA_DIR
 * Exit codes: 0 done, 1 failed, 2 usage or configuration, 3 the data directory is in use.
 */
import { parseArgs } from 'node:util';
import { backupDatabaseFile, InvalidBackupError } from './backup/backup-database';
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
  const { dataDir } = loadConfig();
  const [command] = positionals;
  if (command === 'backup' && values.to) {
    const result = await backupDatabaseFile(databaseFile(dataDir), values.to);
    process.stdout.write(`backup written: ${result.file} (${result.bytes} bytes, ${result.ms} ms)\n`);
  } else if (command === 'restore' && values.from) {
    const result = restoreDatabase(dataDir, values.from);
    process.stdout.write(
      `restored ${values.from} into ${databaseFile(dataDir)}${result.previous ? `; the previous database is kept as ${result.previous}` : ''}\n`,
    );
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
