import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import type { BackupResult } from './backup-database';

export interface BackupSchedule {
  /** Stops the timer and waits for a backup in progress, so the database can be closed. */
  stop(): Promise<void>;
}

/**
 * Every `everyMs`, a backup by `write` into `dir` named by its time (`.<extension>`: sqlite, or
 * dump for PostgreSQL's archives); the newest `keep` are kept. Only files with that name pattern
 * are ever deleted, so the directory may hold other things.
 */
export function scheduleBackups(options: {
  write: (file: string) => Promise<BackupResult>;
  extension: 'sqlite' | 'dump';
  dir: string;
  everyMs: number;
  keep: number;
  log: Logger;
  onResult?: (result: BackupResult | null) => void;
}): BackupSchedule {
  const { write, extension, dir, everyMs, keep, log } = options;
  const name = new RegExp(`^fellesrom-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.${extension}$`);
  let running: Promise<BackupResult> | null = null;

  const run = () => {
    running ??= (async () => {
      const stamp = new Date().toISOString().replaceAll(':', '-').replace('.', '-');
      const result = await write(path.join(dir, `fellesrom-${stamp}.${extension}`));
      const old = fs.readdirSync(dir).filter((f) => name.test(f)).toSorted().slice(0, -keep);
      for (const file of old) fs.rmSync(path.join(dir, file), { force: true });
      log.info('backup written', { file: result.file, bytes: result.bytes, ms: result.ms, removed: old.length });
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const timer = setInterval(() => {
    run().then(
      (result) => options.onResult?.(result),
      (error) => {
        log.error('backup failed', { dir, error });
        options.onResult?.(null);
      },
    );
  }, everyMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
