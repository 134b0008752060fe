import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamAndDocument, request } from '../helpers/api';
import { clientDir } from '../helpers/browser';
import { appendParagraph, connectSynced, fragmentText } from '../helpers/clients';
import { repoRoot, type ServerProcess, spawnServer, tempDataDir } from '../helpers/server';
import { databaseEnv, testDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

/** What `npm start` runs: the bundle in dist/server, made by the build that runs before the tests. */
const TOKEN = 'built-server-metrics-token';
let server: ServerProcess;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDataDir();
  server = await spawnServer(dataDir, { CLIENT_DIR: clientDir, METRICS_TOKEN: TOKEN }, { built: true });
});
afterAll(async () => {
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await server.exited;
});

async function builtCli(...args: string[]) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/server/cli.js'), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, ...(await databaseEnv(dataDir)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('the built server (dist/server/main.js)', () => {
  it('applies its migrations, serves the API, live documents, the client and metrics', async () => {
    expect((await request(server.url, 'GET', '/api/health')).json).toEqual({ ok: true });
    expect((await request(server.url, 'GET', '/api/ready')).status).toBe(200);

    const { session, documentId } = await createTeamAndDocument(server.url);
    const a = await connectSynced(server.wsUrl, documentId, session.cookie);
    const b = await connectSynced(server.wsUrl, documentId, session.cookie);
    appendParagraph(a.fragment, 'fra bunten');
    await waitFor(() => fragmentText(b.fragment).includes('fra bunten'), 10_000, 'the edit at the other client');
    a.destroy();
    b.destroy();

    const page = await fetch(`${server.url}/documents/${documentId}`, { headers: { 'accept-encoding': 'br' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(await page.text()).toBe(fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8'));
    const missing = await request(server.url, 'GET', '/assets/index-old.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);

    const metrics = await request(server.url, 'GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^fellesrom_updates_applied_total [1-9]/m);

    // SQLite: a copy of the file; PostgreSQL: pg_dump's archive. Restoring is refused while the server runs.
    const file = path.join(tempDataDir('built-backup'), testDatabase === 'postgres' ? 'copy.dump' : 'copy.sqlite');
    const backup = await builtCli('backup', '--to', file);
    expect(backup).toMatchObject({ code: 0 });
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(await builtCli('restore', '--from', file)).toMatchObject({ code: 3 });
  });

  it('refuses a second server on the same SQLite data directory; on PostgreSQL a second instance serves the same data', async () => {
    if (testDatabase === 'sqlite') {
      await expect(spawnServer(dataDir, { CLIENT_DIR: clientDir }, { built: true })).rejects.toThrow(/in use by another Fellesrom process/);
    } else {
      // The data-directory lock is SQLite's (one process per file); on PostgreSQL instances share the database.
      const second = await spawnServer(dataDir, { CLIENT_DIR: clientDir }, { built: true });
      try {
        const { session, documentId } = await createTeamAndDocument(second.url);
        const onFirst = await request(server.url, 'GET', `/api/documents/${documentId}`, undefined, { cookie: session.cookie });
        expect(onFirst.status).toBe(200);
      } finally {
        second.child.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
      }
    }
    expect((await request(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('logs JSON lines and stops cleanly on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const lines = server.output().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.at(-1)).toContain('"msg":"stopped"');
  });
});

describe('scripts/start.mjs (npm start) without the build tools', () => {
  /** A copy of the launcher in a bare folder, with a fake build that only says it ran. */
  function tree(options: { built: boolean; sourcesNewer?: boolean }) {
    const root = tempDataDir('start');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(repoRoot, 'scripts/start.mjs'), path.join(root, 'scripts/start.mjs'));
    if (options.built) {
      fs.mkdirSync(path.join(root, 'dist/server'), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist/server/main.js'), "process.stdout.write('built server ran\\n');\n");
      fs.writeFileSync(path.join(root, 'dist/build.json'), '{}');
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(root, 'dist/build.json'), past, past);
    }
    if (options.sourcesNewer) {
      fs.mkdirSync(path.join(root, 'server'));
      fs.writeFileSync(path.join(root, 'server/main.ts'), '// newer than the build\n');
    }
    return root;
  }
  const run = (root: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('runs the build it finds', async () => {
    expect(await run(tree({ built: true }))).toEqual({ code: 0, stdout: 'built server ran\n', stderr: '' });
  });

  it('says what to do when there is no build and nothing to build with', async () => {
    const res = await run(tree({ built: false }));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('npm ci && npm run build');
  });

  it('warns, and runs the old build, when sources are newer but cannot be built', async () => {
    const res = await run(tree({ built: true, sourcesNewer: true }));
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('built server ran\n');
    expect(JSON.parse(res.stderr)).toMatchObject({ level: 'warn', msg: expect.stringContaining('older than the sources') });
  });
});
