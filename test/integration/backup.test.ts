import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidBackupError, verifyBackup } from '../../server/backup/backup-database';
import { restoreDatabase } from '../../server/backup/restore-database';
import { createTeamAndDocument } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, fragmentText } from '../helpers/clients';
import { repoRoot, startTestServer, tempDataDir, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

async function open(server: TestServer, documentId: string, cookie: string) {
  const client = await connectSynced(server.wsUrl, documentId, cookie);
  clients.push(client);
  return client;
}

/** `npm run backup` / `npm run restore`, from the sources (the built CLI is the same code, checked in CI). */
function cli(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/cli.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('backup and restore', () => {
  it('backs up online during a typing storm; the restore holds every update a peer had before the backup began', async () => {
    const server = await start();
    const { session, documentId } = await createTeamAndDocument(server.url);
    const writers = [await open(server, documentId, session.cookie), await open(server, documentId, session.cookie)];
    const observer = await open(server, documentId, session.cookie);

    let typing = true;
    const storm = writers.map(async (w, n) => {
      for (let i = 0; typing; i++) {
        appendParagraph(w.fragment, `skriver ${n}:${i}`);
        if (i % 3 === 0) await new Promise((r) => setImmediate(r));
      }
    });
    await waitFor(() => observer.fragment.length >= 200, 20_000, 'edits at the observer');
    // Everything the observer holds now came from the server, which stores before it sends.
    const seenBefore = Y.encodeStateAsUpdate(observer.doc);
    const linesBefore = fragmentText(observer.fragment).match(/skriver \d+:\d+/g)!;
    const file = path.join(tempDataDir('backups'), 'during-storm.sqlite');
    const backup = await cli(server.dataDir, 'backup', '--to', file);
    const receivedDuringBackup = observer.fragment.length - linesBefore.length;
    typing = false;
    await Promise.all(storm);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`backup written: ${file}`);
    // The storm did not pause for the backup.
    expect(receivedDuringBackup).toBeGreaterThan(0);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // Not while the server runs: the data directory is in use.
    const refused = await cli(server.dataDir, 'restore', '--from', file);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/in use by another Fellesrom process.*Stop the server first/);

    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    servers.splice(0);
    const restored = await cli(server.dataDir, 'restore', '--from', file);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/previous database is kept as .*fellesrom\.sqlite\.before-restore-/);

    const again = await start({ dataDir: server.dataDir });
    const fresh = await open(again, documentId, session.cookie);
    expect(Y.snapshotContainsUpdate(Y.snapshot(fresh.doc), seenBefore)).toBe(true);
    const text = fragmentText(fresh.fragment);
    for (const line of linesBefore) expect(text).toContain(`${line}<`);
  });

  it('refuses a file that is not a Fellesrom backup and leaves the database alone', async () => {
    const server = await start();
    await createTeamAndDocument(server.url);
    await server.close();
    servers.splice(0);
    const before = fs.readFileSync(path.join(server.dataDir, 'fellesrom.sqlite'));

    const notSqlite = path.join(tempDataDir('backups'), 'notes.txt');
    fs.writeFileSync(notSqlite, 'ikke en database');
    const otherSqlite = path.join(tempDataDir('backups'), 'other.sqlite');
    new Database(otherSqlite).exec('CREATE TABLE t (x)');
    for (const file of [notSqlite, otherSqlite, path.join(tempDataDir('backups'), 'missing.sqlite')]) {
      expect(() => restoreDatabase(server.dataDir, file), file).toThrow(InvalidBackupError);
    }
    const res = await cli(server.dataDir, 'restore', '--from', otherSqlite);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is not a Fellesrom database');
    expect(fs.readFileSync(path.join(server.dataDir, 'fellesrom.sqlite')).equals(before)).toBe(true);
  });

  it('makes scheduled backups into BACKUP_DIR and keeps the newest BACKUP_KEEP', async () => {
    const dir = tempDataDir('scheduled');
    fs.writeFileSync(path.join(dir, 'keep-me.txt'), 'not ours');
    // 0.0002 hours: one backup every 720 ms.
    const server = await start({ env: { BACKUP_DIR: dir, BACKUP_EVERY_HOURS: '0.0002', BACKUP_KEEP: '2' } });
    const { teamId } = await createTeamAndDocument(server.url);
    const okCount = async () =>
      (await server.metrics.registry.getSingleMetric('fellesrom_backups_total')!.get()).values.find((v) => v.labels.result === 'ok')?.value ?? 0;
    // Counted from when the team exists: on a busy machine the first backups can come before it.
    const before = await okCount();
    await waitFor(async () => (await okCount()) >= before + 3, 20_000, 'three scheduled backups after the team was made');

    const files = fs.readdirSync(dir).toSorted();
    const backups = files.filter((f) => f.endsWith('.sqlite'));
    expect(backups).toHaveLength(2);
    expect(files).toContain('keep-me.txt');
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
    for (const f of backups) {
      expect(f).toMatch(/^fellesrom-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.sqlite$/);
      expect(verifyBackup(path.join(dir, f)).migrations).toBeGreaterThan(0);
      const db = new Database(path.join(dir, f), { readonly: true });
      expect(db.prepare('SELECT count(*) FROM teams WHERE id = ?').pluck().get(teamId)).toBe(1);
      db.close();
    }
  });
});
