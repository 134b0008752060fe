/**
 * npm run bench:profile [-- --rooms=20 --clients=10 --rate=2000 --seconds=10 --target=fellesrom] [--ramp] [--prefill=<chars>]
 *
 * One server under the raw load at a fixed rate, with V8's CPU profiler on (--cpu-prof); prints
 * where the server's time went (self time by function, and by package) and the figures of the
 * step, and keeps the .cpuprofile under test/bench/results/ for a closer look. With --ramp the
 * bench's ramp runs first and the profiled step is at half the ceiling it found, as the bench's
 * latency step is (--of-ceiling=0.9: at that share of it instead). It also lists the stalls: stretches of 40 ms or more in which the server's
 * event loop never went idle, with what ran in them (what a p99 far above the p50 is made of).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RawLoad, ramp } from './raw-load';
import { pinning, startTarget, type TargetName } from './targets';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const rooms = Number(arg('rooms', '20'));
const clients = Number(arg('clients', '10'));
const rate = Number(arg('rate', '2000'));
const seconds = Number(arg('seconds', '10'));
const name = arg('target', 'fellesrom') as TargetName;
const dir = path.join(import.meta.dirname, 'results', `profile-${Date.now()}`);
fs.mkdirSync(dir, { recursive: true });

// Pinned as the bench is unless --no-pin: the server on core 0, this load generator on core 1.
if (!process.argv.includes('--no-pin')) {
  pinning.serverCpu = 0;
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
}
// From the sources (tsx), so frames name our files; tsx's keep-names transform adds a little.
const target = await startTarget(name, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`], fromSource: true });
const load = await RawLoad.open(target, rooms, clients);
let stepRate = rate;
// --prefill=<chars>: each typist's paragraph that long first (documents as big as a ramp leaves them).
const prefill = Number(arg('prefill', '0'));
if (prefill > 0) await load.prefill(prefill);
if (process.argv.includes('--ramp')) {
  // As run.ts's full run: steady 5/s per client, then the ramp, then half of what it found.
  await load.step(rooms * clients * 5, 5);
  await load.drain();
  const { ceiling, peak, glitch } = await ramp(load, { start: rooms * clients * 2, factor: 1.25, seconds: 3, maxSteps: 30 }, (line) => console.log(line));
  const top = ceiling ?? peak;
  if (!top) throw new Error(glitch ?? 'the ramp found no step');
  const share = Number(arg('of-ceiling', '0.5'));
  stepRate = top.offered * share;
  console.log(`profiling ${seconds} s at ${Math.round(stepRate)}/s (${share} of the ${ceiling ? 'ceiling' : 'peak'})`);
}
// V8 stamps samples with the monotonic clock, as process.hrtime does in every process.
const from = Number(process.hrtime.bigint() / 1000n);
const step = await load.step(stepRate, seconds, 0.1);
const to = Number(process.hrtime.bigint() / 1000n);
await load.drain();
load.close();
await target.stop();
console.log(JSON.stringify(step));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount: number;
  children?: number[];
}
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };
// Only the samples taken while the load ran (not start-up, sign-up or shutdown).
const hits = new Map<number, number>();
let at = profile.startTime;
for (const [i, id] of profile.samples.entries()) {
  at += profile.timeDeltas[i]!;
  if (at >= from && at <= to) hits.set(id, (hits.get(id) ?? 0) + 1);
}
for (const n of profile.nodes) n.hitCount = hits.get(n.id) ?? 0;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
// Stalls: runs of samples with no (idle) or (program) sample between them, within the window.
const quiet = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const stalls: Array<{ start: number; ms: number; samples: number[] }> = [];
{
  let t = profile.startTime;
  let open: { start: number; last: number; samples: number[] } | null = null;
  const close = () => {
    if (open && open.last - open.start >= 40_000) stalls.push({ start: open.start, ms: (open.last - open.start) / 1000, samples: open.samples });
    open = null;
  };
  for (const [i, id] of profile.samples.entries()) {
    t += profile.timeDeltas[i]!;
    if (t < from || t > to) continue;
    if (quiet.has(id)) close();
    else if (open) {
      open.last = t;
      open.samples.push(id);
    } else open = { start: t, last: t, samples: [id] };
  }
  close();
}
const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
// Inclusive time of everything under a frame of our own code, to see which of our steps pays.
const parent = new Map<number, Node>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
const byOwnCaller = new Map<string, number>();
for (const n of profile.nodes) {
  if (!n.hitCount) continue;
  for (let p: Node | undefined = n; p; p = parent.get(p.id)) {
    if (p.callFrame.url.includes('/server/') && !p.callFrame.url.includes('node_modules')) {
      const key = `${p.callFrame.functionName || '(anonymous)'} ${p.callFrame.url.split('/server/')[1]}:${p.callFrame.lineNumber + 1}`;
      byOwnCaller.set(key, (byOwnCaller.get(key) ?? 0) + n.hitCount);
      break;
    }
  }
}
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const n of profile.nodes) {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n.hitCount);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url ? url.split('/').slice(0, 2).join('/') : n.callFrame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n.hitCount);
}
const top = (m: Map<string, number>, count: number) =>
  [...m.entries()]
    .toSorted((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(`\nself time by package (${total} samples):\n${top(byPackage, 15)}`);
console.log(`\nself time by function:\n${top(byFunction, 30)}`);
console.log(`\ntime under our nearest own frame (server/…):\n${top(byOwnCaller, 25)}`);
const own = (id: number) => {
  for (let p = byId.get(id); p; p = parent.get(p.id)) {
    if (p.callFrame.url.includes('/server/') && !p.callFrame.url.includes('node_modules')) return `${p.callFrame.functionName || '(anonymous)'} ${p.callFrame.url.split('/server/')[1]}:${p.callFrame.lineNumber + 1}`;
  }
  const n = byId.get(id)!;
  return `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
};
console.log(`\nstalls of 40 ms or more without an idle moment (${stalls.length}, ${stalls.reduce((n, s) => n + s.ms, 0).toFixed(0)} ms of ${((to - from) / 1000).toFixed(0)} ms):`);
for (const stall of stalls.toSorted((a, b) => b.ms - a.ms).slice(0, 12)) {
  const counts = new Map<string, number>();
  for (const id of stall.samples) counts.set(own(id), (counts.get(own(id)) ?? 0) + 1);
  const what = [...counts.entries()].toSorted((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${Math.round((v / stall.samples.length) * 100)}% ${k}`);
  console.log(`  at +${((stall.start - from) / 1e6).toFixed(2)} s: ${stall.ms.toFixed(0)} ms — ${what.join('; ')}`);
}
console.log(`\nprofile: ${path.relative(process.cwd(), path.join(dir, file))}`);
process.exit(0);
