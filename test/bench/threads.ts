/**
 * npm run bench:threads [-- --target=fellesrom --rooms=20 --clients=10 --rate=1000 --seconds=30]
 *
 * Which of a server's threads spends its CPU under the raw load at a fixed rate (pinned as the
 * bench is): the main thread, V8's collector threads, libuv's pool, SQLite's worker threads — user
 * and kernel time per thread from /proc, in ms per 1000 updates delivered, the bench's unit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { RawLoad } from './raw-load';
import { cpuSplit, pinning, startTarget, type TargetName } from './targets';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const name = arg('target', 'fellesrom') as TargetName;
const rooms = Number(arg('rooms', '20'));
const clients = Number(arg('clients', '10'));
const rate = Number(arg('rate', '1000'));
const seconds = Number(arg('seconds', '30'));

pinning.serverCpu = 0;
execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

/** Each thread's name and CPU seconds (user, kernel) so far. */
function threads(pid: number): Map<string, { user: number; system: number }> {
  const out = new Map<string, { user: number; system: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out.set(`${comm} ${tid === String(pid) ? '(main)' : tid}`, cpuSplit(pid, tid));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

const target = await startTarget(name);
const load = await RawLoad.open(target, rooms, clients);
// A first step warms the server up (compiles the hot paths, fills the caches).
await load.step(rate, 10);
await load.drain();
const before = threads(target.pid);
const step = await load.step(rate, seconds);
const after = threads(target.pid);
await load.drain();
load.close();
await target.stop();
const delivered = step.deliveredPerSecond * seconds;
const per1000 = (s: number) => ((s * 1000) / delivered) * 1000;
const rows = [...after].map(([thread, a]) => {
  const b = before.get(thread) ?? { user: 0, system: 0 };
  return { thread, user: per1000(a.user - b.user), system: per1000(a.system - b.system) };
});
console.log(`${name} at ${rate}/s (${rooms}×${clients}), ${seconds} s: p50 ${step.p50} ms, p99 ${step.p99} ms; CPU ms per 1000 delivered by thread:`);
for (const r of rows.toSorted((x, y) => y.user + y.system - (x.user + x.system))) {
  if (r.user + r.system > 0) console.log(`  ${(r.user + r.system).toFixed(2).padStart(6)}  (user ${r.user.toFixed(2)}, kernel ${r.system.toFixed(2)})  ${r.thread}`);
}
const sum = rows.reduce((n, r) => n + r.user + r.system, 0);
console.log(`  ${sum.toFixed(2).padStart(6)}  all threads`);
