import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open';
import { readinessCheck } from '../../server/health/readiness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function migrated() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-ready-'));
  dirs.push(dir);
  return openDatabase(dir).sqlite;
}

describe('readinessCheck (a real SQLite file)', () => {
  it('is ready on a migrated database while the server is not stopping', () => {
    const sqlite = migrated();
    let stopping = false;
    const check = readinessCheck(sqlite, () => stopping);
    expect(check()).toEqual({ ready: true, checks: { migrations: true, storage: true, accepting: true } });
    stopping = true;
    expect(check()).toEqual({ ready: false, checks: { migrations: true, storage: true, accepting: false } });
    sqlite.close();
  });

  it('is not ready on a database a newer build migrated (a migration this build does not ship)', () => {
    const sqlite = migrated();
    sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-a-newer-build', Date.now());
    expect(readinessCheck(sqlite, () => false)()).toEqual({ ready: false, checks: { migrations: false, storage: true, accepting: true } });
    sqlite.close();
  });

  it('is not ready when storage does not answer', () => {
    const sqlite = migrated();
    const check = readinessCheck(sqlite, () => false);
    sqlite.close();
    expect(check()).toEqual({ ready: false, checks: { migrations: false, storage: false, accepting: true } });
  });
});
