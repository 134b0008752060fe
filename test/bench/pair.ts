/**
 * npm run bench:pair -- --base=/path/to/other/checkout [--after=/path/to/a/third] [--rooms=20 --clients=10 --rate=1500 --seconds=8 --skip=0.5 --pairs=3 --ramp | --half | --carets]
 *                       [--before-env=NAME=value,… --after-env=NAME=value,…] [--before-source | --after-source]
 *
 * Before/after pairs for a change to Fellesrom: the other checkout's server and this one's,
 * alternating, under the same raw load (a fixed rate, or with --ramp the ramp to the peak), so a
 * change is judged on runs that shared the machine's conditions. Prints each run and the medians.
 * --prefill=<chars> makes each typist's paragraph that long first (big documents, as after a ramp).
 * --half runs the bench's latency step: the ramp (3 s steps), then `--seconds` at half the ceiling
 * it found (each side its own), and compares that step.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { percentile } from './load';
import { RawLoad, ramp, type Step } from './raw-load';
import type { Figures } from './scenarios';
import { pinning, startTarget } from './targets';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
if (!arg('base', '')) throw new Error('--base=<checkout> is required');
const base = path.resolve(arg('base', ''));
/** This checkout unless another is named (so edits here cannot change a run under way). */
const after = arg('after', '') && path.resolve(arg('after', ''));
const rooms = Number(arg('rooms', '20'));
const clients = Number(arg('clients', '10'));
const rate = Number(arg('rate', '1500'));
const seconds = Number(arg('seconds', '8'));
const pairs = Number(arg('pairs', '3'));
/** The share of a fixed-rate step left out before measuring (0.5: what a server pays once it has run a while, as the bench's steady step). */
const skip = Number(arg('skip', '0.25'));
const withRamp = process.argv.includes('--ramp');
const half = process.argv.includes('--half');
/** Characters each typist adds before the measuring starts (documents as big as a ramp leaves them). */
const prefill = Number(arg('prefill', '0'));
/** Caret storm instead of typing: `clients` people in one room, every caret moving `--hz` times a second. */
const carets = process.argv.includes('--carets');
/** Server settings per side, e.g. the same checkout with a setting on and off (--base=.). */
const envOf = (name: string) => Object.fromEntries(arg(name, '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const sideEnv = { before: envOf('before-env'), after: envOf('after-env') };
/** A side run from its TypeScript sources through tsx instead of the bundle (to see what the bundle changes). */
const fromSource = { before: process.argv.includes('--before-source'), after: process.argv.includes('--after-source') };
// Pinned like the bench unless --no-pin (on a crowded machine one pinned core can starve the server).
if (!process.argv.includes('--no-pin')) {
  pinning.serverCpu = 0;
  execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
}
const hz = Number(arg('hz', '10'));

const results: Record<'before' | 'after', Step[]> = { before: [], after: [] };
const caretRuns: Record<'before' | 'after', Figures[]> = { before: [], after: [] };
for (let i = 0; i < pairs; i++) {
  for (const side of ['before', 'after'] as const) {
    if (side === 'before') process.env.BENCH_FELLESROM_ROOT = base;
    else if (after) process.env.BENCH_FELLESROM_ROOT = after;
    else delete process.env.BENCH_FELLESROM_ROOT;
    const target = await startTarget('fellesrom', { env: sideEnv[side], fromSource: fromSource[side] });
    const load = await RawLoad.open(target, carets ? 1 : rooms, clients);
    if (prefill > 0) await load.prefill(prefill);
    if (carets) {
      const figures = await load.carets(hz, seconds);
      load.close();
      await target.stop();
      caretRuns[side].push(figures);
      console.log(`${side.padEnd(6)} ${JSON.stringify(figures)}`);
      continue;
    }
    let step: Step;
    if (half) {
      const { ceiling, peak, glitch } = await ramp(load, { start: rooms * clients * 2, factor: 1.25, seconds: 3, maxSteps: 30 }, () => {});
      const top = ceiling ?? peak;
      if (!top) throw new Error(glitch ?? 'the ramp found no step');
      step = await load.step(top.offered / 2, seconds);
    } else if (withRamp) {
      const { peak, glitch } = await ramp(load, { start: rooms * clients * 2, factor: 1.25, seconds: 2, maxSteps: 30 }, () => {});
      if (!peak) throw new Error(glitch ?? 'the ramp found no step');
      step = peak;
    } else {
      step = await load.step(rate, seconds, skip);
    }
    load.close();
    await target.stop();
    results[side].push(step);
    console.log(`${side.padEnd(6)} ${JSON.stringify(step)}`);
  }
}
if (carets) {
  for (const key of ['serverCpuMsPer1000Carets', 'caretFramesDeliveredPerSecond', 'serverCpu'] as const) {
    const b = percentile(caretRuns.before.map((f) => Number(f[key])), 50);
    const a = percentile(caretRuns.after.map((f) => Number(f[key])), 50);
    console.log(`${key.padEnd(30)} before ${b}  after ${a}  after÷before ${(a / b).toFixed(2)}`);
  }
  process.exit(0);
}
const med = (side: 'before' | 'after', key: keyof Step) => percentile(results[side].map((s) => Number(s[key])), 50);
for (const key of ['deliveredPerSecond', 'serverCpuMsPer1000', 'serverSysMsPer1000', 'p50', 'p99', 'serverCpu', 'offered'] as const) {
  const b = med('before', key);
  const a = med('after', key);
  console.log(`${key.padEnd(20)} before ${b}  after ${a}  after÷before ${(a / b).toFixed(2)}`);
}
process.exit(0);
