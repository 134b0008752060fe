/**
 * npm run bench:startup — how long the server takes from `spawn` to answering /api/health, run
 * through tsx (TypeScript at runtime) and as the built bundle (dist/server/main.js), each on a
 * fresh data directory (migrations included) and on one that already has its schema.
 * Median of 7 runs, side by side; nothing is asserted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDataDir } from '../helpers/server';

const RUNS = 7;
const variants: Array<[string, string[]]> = [['tsx server/main.ts', ['--import', 'tsx', 'server/main.ts']]];
if (fs.existsSync(path.join(repoRoot, 'dist/server/main.js'))) variants.push(['node dist/server/main.js', ['dist/server/main.js']]);

async function startOnce(args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CLIENT_DIR: path.join(dataDir, 'none') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  if (!res.ok) throw new Error(`health ${res.status}`);
  const ms = performance.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Array<[string, number, number]> = [];
for (const [label, args] of variants) {
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = tempDataDir('startup');
    fresh.push(await startOnce(args, dir));
    warm.push(await startOnce(args, dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  results.push([label, median(fresh), median(warm)]);
}
const base = results[0]![2];
console.log('start-up to /api/health   fresh data dir   existing data dir   ratio (existing)');
for (const [label, fresh, warm] of results) {
  console.log(`${label.padEnd(26)} ${`${fresh.toFixed(0)} ms`.padEnd(16)} ${`${warm.toFixed(0)} ms`.padEnd(19)} ${(warm / base).toFixed(2)}`);
}
