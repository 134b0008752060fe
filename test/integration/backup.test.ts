import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidBackupError, verifyBackup } from '../../server/backup/backup-database';
import { BackupToolMissingError, postgresTool, restorePostgres, verifyPostgresBackup } from '../../server/backup/postgres-backup';
import { restoreDatabase } from '../../server/backup/restore-database';
import { createTeamAndDocument } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, fragmentText, whenStored } from '../helpers/clients';
import { queryDatabase } from '../helpers/db-files';
import { repoRoot, startTestServer, tempDataDir, type TestServer } from '../helpers/server';
import { databaseEnv, databaseUrlOf, testDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

/**
 * The same commands on both databases; what differs is only how the test looks into a backup or a
 * database: SQLite's are files, PostgreSQL's backups are pg_dump archives (server/backup/postgres-backup.ts).
 */
const onPostgres = testDatabase === 'postgres';
const extension = onPostgres ? 'dump' : 'sqlite';
const urlOf = (dataDir: string) => databaseUrlOf(dataDir)!;
const verify = async (file: string) => (onPostgres ? await verifyPostgresBackup(file) : verifyBackup(file));
const restoreInto = async (dataDir: string, file: string) => (onPostgres ? await restorePostgres(await urlOf(dataDir), file, dataDir) : restoreDatabase(dataDir, file));
/** Everything the database holds, to tell whether a refused restore left it alone. */
const contentOf = async (dataDir: string) =>
  onPostgres
    ? execFileSync(postgresTool('pg_dump'), ['--data-only', '--restrict-key=backuptest', await urlOf(dataDir)]).toString('utf8')
    : fs.readFileSync(path.join(dataDir, 'fellesrom.sqlite'));
/** A backup of a database that is not Fellesrom's (one table `t`). */
async function foreignBackup(dataDir: string): Promise<string> {
  const file = path.join(tempDataDir('backups'), `other.${extension}`);
  if (!onPostgres) {
    new Database(file).exec('CREATE TABLE t (x)');
    return file;
  }
  const url = await urlOf(dataDir);
  const other = url.replace(/\/[^/]+$/, '/not_fellesrom');
  await queryDatabase(url, 'CREATE DATABASE not_fellesrom');
  await queryDatabase(other, 'CREATE TABLE t (x int)');
  execFileSync(postgresTool('pg_dump'), ['--format=custom', `--file=${file}`, other]);
  return file;
}
/** Whether the backup `file` holds the team `teamId`. */
async function backupHoldsTeam(file: string, teamId: string): Promise<boolean> {
  if (onPostgres) return execFileSync(postgresTool('pg_restore'), ['--data-only', '--table=teams', '--file=-', file]).toString('utf8').includes(teamId);
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM teams WHERE id = ?').pluck().get(teamId) === 1;
  } finally {
    db.close();
  }
}

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
async function cli(dataDir: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/cli.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, ...(await databaseEnv(dataDir)) },
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
    const file = path.join(tempDataDir('backups'), `during-storm.${extension}`);
    const backup = await cli(server.dataDir, 'backup', '--to', file);
    const receivedDuringBackup = observer.fragment.length - linesBefore.length;
    typing = false;
    await Promise.all(storm);
    // Written after the backup was taken: the restore must take it away again (it replaced the database).
    appendParagraph(observer.fragment, 'skrevet etter kopien');
    await whenStored(observer);
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
    expect(restored.stdout).toMatch(/previous database is kept as .*fellesrom\.(sqlite\.)?before-restore-/);

    const again = await start({ dataDir: server.dataDir });
    const fresh = await open(again, documentId, session.cookie);
    expect(Y.snapshotContainsUpdate(Y.snapshot(fresh.doc), seenBefore)).toBe(true);
    const text = fragmentText(fresh.fragment);
    for (const line of linesBefore) expect(text).toContain(`${line}<`);
    expect(text).not.toContain('skrevet etter kopien');
  });

  it('refuses a file that is not a Fellesrom backup and leaves the database alone', async () => {
    const server = await start();
    await createTeamAndDocument(server.url);
    await server.close();
    servers.splice(0);
    const before = await contentOf(server.dataDir);

    const notSqlite = path.join(tempDataDir('backups'), 'notes.txt');
    fs.writeFileSync(notSqlite, 'ikke en database');
    const other = await foreignBackup(server.dataDir);
    for (const file of [notSqlite, other, path.join(tempDataDir('backups'), `missing.${extension}`)]) {
      await expect(restoreInto(server.dataDir, file), file).rejects.toThrow(InvalidBackupError);
    }
    const res = await cli(server.dataDir, 'restore', '--from', other);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is not a Fellesrom database');
    expect(await contentOf(server.dataDir)).toEqual(before);
  });

  it('says which PostgreSQL program is missing and how to get it', () => {
    const empty = tempDataDir('no-tools');
    expect(() => postgresTool('pg_dump', [empty])).toThrow(BackupToolMissingError);
    expect(() => postgresTool('pg_restore', [empty])).toThrow(`pg_restore was not found in ${empty}; backups on PostgreSQL need PostgreSQL's client programs (Debian: apt-get install postgresql-client)`);
    expect(postgresTool('psql')).toMatch(/\/psql$/);
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
    const backups = files.filter((f) => f.endsWith(`.${extension}`));
    expect(backups).toHaveLength(2);
    expect(files).toContain('keep-me.txt');
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
    for (const f of backups) {
      expect(f).toMatch(new RegExp(`^fellesrom-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.${extension}$`));
      expect((await verify(path.join(dir, f))).migrations).toBeGreaterThan(0);
      expect(await backupHoldsTeam(path.join(dir, f), teamId)).toBe(true);
    }
  });
});
