/**
 * npm start: runs the built server (dist/server/main.js), building first only when dist/ is
 * missing or older than the sources, so `npm ci && npm start` works on a fresh clone and a
 * production install (`npm ci --omit=dev` on a built tree) never needs the build tools.
 * Plain JavaScript on purpose: it must run where tsx is not installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'dist/server/main.js');
const stamp = path.join(root, 'dist/build.json');
const sources = ['client', 'server', 'shared', 'scripts', 'package.json', 'package-lock.json', 'vite.config.ts'];

/** The newest modification time under `file` (0 if it does not exist). */
function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of fs.readdirSync(file)) latest = Math.max(latest, newest(path.join(file, name)));
  return latest;
}

function warn(msg, fields = {}) {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg, ...fields })}\n`);
}

const built = fs.existsSync(entry) && fs.existsSync(stamp);
const hasSources = fs.existsSync(path.join(root, 'server/main.ts'));
const stale = built && hasSources && sources.some((s) => newest(path.join(root, s)) > fs.statSync(stamp).mtimeMs);
if (!built || stale) {
  const canBuild = fs.existsSync(path.join(root, 'node_modules/vite')) && fs.existsSync(path.join(root, 'node_modules/tsx'));
  if (canBuild) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  } else if (!built) {
    process.stderr.write('dist/ has no build and the build tools are not installed: run `npm ci && npm run build` first.\n');
    process.exit(1);
  } else {
    warn('dist/ is older than the sources and the build tools are not installed (npm ci --omit=dev); running the old build');
  }
}
await import(pathToFileURL(entry).href);
