/**
 * The production path, on a built tree (run after `npm test`, which builds): a copy of the tracked
 * files plus dist/, `npm ci --omit=dev` (no vite, no tsx, no esbuild), then `npm start`; the server
 * must answer /api/health and /api/ready, serve a precompressed asset and index.html, take an online
 * `npm run backup`, refuse `npm run restore` while it runs, and exit 0 on SIGTERM.
 *
 * The install runs without install scripts and takes better-sqlite3's compiled addon from the full
 * install CI just made (same version, same machine): compiling it again from source (and sqlite3,
 * which npm also installs for production as drizzle-orm's optional peer) took minutes and proves
 * nothing the first install did not. What this checks is that nothing else a devDependency brings
 * is needed at runtime.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const step = (msg) => console.log(`[production-check ${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}`);
const fail = (msg) => {
  console.error(`production-check FAILED: ${msg}`);
  process.exit(1);
};
if (!fs.existsSync(path.join(repo, 'dist/build.json'))) fail('no build in dist/ (run npm run build or npm test first)');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-production-'));
const dataDir = path.join(work, 'data');
let server = null;
process.on('exit', () => {
  if (server && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
for (const file of tracked) {
  if (!fs.existsSync(path.join(repo, file))) continue;
  fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
  fs.copyFileSync(path.join(repo, file), path.join(work, file));
}
fs.cpSync(path.join(repo, 'dist'), path.join(work, 'dist'), { recursive: true, preserveTimestamps: true });
// The copies (files and folders) are newer than the build now; date them back to before it, as in
// a checkout that was then built.
const past = new Date(fs.statSync(path.join(repo, 'dist/build.json')).mtimeMs - 60_000);
const dateBack = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) dateBack(full);
    fs.utimesSync(full, past, past);
  }
};
dateBack(work);
step(`copied ${tracked.length} tracked files and dist/ to ${work}`);

execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: work, stdio: 'inherit' });
const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
fs.mkdirSync(path.dirname(path.join(work, addon)), { recursive: true });
fs.copyFileSync(path.join(repo, addon), path.join(work, addon));
for (const devOnly of ['vite', 'tsx', 'esbuild', 'vitest', 'typescript']) {
  if (fs.existsSync(path.join(work, 'node_modules', devOnly))) fail(`${devOnly} is installed by npm ci --omit=dev`);
}
step('npm ci --omit=dev done (better-sqlite3 addon taken from the full install)');

const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
const npm = (args) =>
  new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.once('exit', (code) => resolve({ code, out }));
  });

server = spawn('npm', ['start'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let log = '';
server.stderr.on('data', (c) => (log += c));
const port = await new Promise((resolve) => {
  server.stdout.on('data', (c) => {
    log += c;
    const m = /"msg":"listening","port":(\d+)/.exec(log);
    if (m) resolve(Number(m[1]));
  });
  server.once('exit', (code) => fail(`npm start exited (${code}) before listening:\n${log}`));
});
step(`npm start listening on ${port}`);
if (/vite|built in|older than the sources/i.test(log)) fail(`npm start did not simply run the build:\n${log}`);

const base = `http://127.0.0.1:${port}`;
const health = await fetch(`${base}/api/health`);
if (!health.ok) fail(`/api/health ${health.status}`);
const ready = await fetch(`${base}/api/ready`);
if (!ready.ok) fail(`/api/ready ${ready.status} ${await ready.text()}`);
const html = await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } });
const asset = /src="(\/assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(work, 'dist/client/index.html'), 'utf8'))?.[1];
const js = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'br' } });
if (html.headers.get('content-type')?.startsWith('text/html') !== true) fail('/ is not index.html');
if (js.headers.get('content-encoding') !== 'br' || !/immutable/.test(js.headers.get('cache-control') ?? '')) fail(`${asset} not served precompressed and immutable`);
if ((await fetch(`${base}/assets/gone-123.js`)).status !== 404) fail('a missing asset is not a 404');
step('health, ready, index.html, a brotli asset and a 404 answered');

const backupFile = path.join(work, 'backup.sqlite');
const backup = await npm(['run', 'backup', '--', '--to', backupFile]);
if (backup.code !== 0 || !fs.existsSync(backupFile)) fail(`npm run backup: ${backup.code}\n${backup.out}`);
const restore = await npm(['run', 'restore', '--', '--from', backupFile]);
if (restore.code === 0 || !/in use/.test(restore.out)) fail(`npm run restore ran while the server was up:\n${restore.out}`);
step('npm run backup wrote a backup; npm run restore refused while the server runs');

// As systemd or a container runtime stops it: SIGTERM to npm and the server alike. npm leaves at
// once; the server's own output ends when it has stored everything and exited.
server.removeAllListeners('exit');
const outputEnded = new Promise((resolve) => server.stdout.once('close', resolve));
process.kill(-server.pid, 'SIGTERM');
await outputEnded;
if (!/"msg":"stopped"\}\s*$/.test(log)) fail(`the server did not stop cleanly on SIGTERM:\n${log}`);
const restored = await npm(['run', 'restore', '--', '--from', backupFile]);
if (restored.code !== 0) fail(`npm run restore after stopping: ${restored.code}\n${restored.out}`);
step('SIGTERM: exit 0 after storing; restore done once stopped');
