/**
 * npm run bench:startup — how long the server takes from `spawn` to answering /api/health, run
 * through tsx (TypeScript at runtime) and as the built bundle (dist/server/main.js), each on a
 * fresh data directory (migrations included) and on one that already has its schema. Wall time,
 * and the CPU time the process used until then (from /proc; steadier on a shared machine).
 * Median of 7 runs, side by side; nothing is asserted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDataDir } from '../helpers/server';

const RUNS = 7;
const variants: Array<[string, string[]]> = [['tsx server/main.ts', ['--import', 'tsx', 'server/main.ts']]];
if (fs.existsSync(path.join(repoRoot, 'dist/server/main.js'))) variants.push(['node dist/server/main.js', ['dist/server/main.js']]);

/** User + system CPU seconds of `pid` and its children so far (tsx runs the server in a child). */
function cpuSeconds(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) visit(Number(child));
    } catch {
      // gone, or not Linux
    }
  };
  visit(pid);
  return total;
}

async function startOnce(args: string[], dataDir: string): Promise<{ ms: number; cpu: number }> {
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
  const cpu = cpuSeconds(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { ms, cpu };
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[][] = [['start-up to /api/health', 'fresh data dir', 'existing data dir', 'CPU (existing)', 'ratio (wall, existing)']];
let base = 0;
for (const [label, args] of variants) {
  const fresh: number[] = [];
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = tempDataDir('startup');
    fresh.push((await startOnce(args, dir)).ms);
    const again = await startOnce(args, dir);
    warm.push(again.ms);
    cpu.push(again.cpu);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  base ||= median(warm);
  rows.push([label, `${median(fresh).toFixed(0)} ms`, `${median(warm).toFixed(0)} ms`, `${(median(cpu) * 1000).toFixed(0)} ms`, (median(warm) / base).toFixed(2)]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
