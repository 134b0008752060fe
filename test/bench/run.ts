/**
 * npm run bench [-- --quick] [-- --only=fanout,latency,cold,memory,durability,multi]
 *
 * Runs Fellesrom, Hocuspocus (SQLite extension), y-websocket's server (LevelDB) and a raw ws relay,
 * each as its own process on loopback, one at a time, with this process as the load generator.
 * Prints a table (median, min–max over the runs) with ratios, and writes JSON to test/bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { multiInstance } from './multi-instance';
import { coldLoad, durability, type Figures, fanout, latency, memory } from './scenarios';
import type { TargetName } from './targets';

process.setMaxListeners(0);
const started = Date.now();
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const runs = quick ? 1 : 3;
// Quick mode leaves out the synchronous=NORMAL variant of Fellesrom and uses smaller numbers.
const targets: TargetName[] = quick
  ? ['fellesrom', 'hocuspocus', 'y-websocket', 'raw-ws']
  : ['fellesrom', 'fellesrom-normal', 'hocuspocus', 'y-websocket', 'raw-ws'];

interface Row {
  figure: string;
  /** Which way is better, for reading the ratios. */
  better: 'higher' | 'lower' | 'fewer';
  values: Partial<Record<TargetName, number[]>>;
  note?: string;
}
const rows: Row[] = [];
const row = (figure: string, better: Row['better']) => {
  const r: Row = { figure, better, values: {} };
  rows.push(r);
  return r;
};
const add = (r: Row, target: TargetName, value: number | string | null | undefined) => {
  if (typeof value === 'number' && Number.isFinite(value)) (r.values[target] ??= []).push(value);
};
const want = (name: string) => !only || only.includes(name);
const log = (line: string) => process.stderr.write(`[${Math.round((Date.now() - started) / 1000)} s] ${line}\n`);

async function repeat(times: number, each: (target: TargetName) => Promise<Figures>, into: Array<[Row, string]>) {
  for (let i = 0; i < times; i++) {
    for (const target of targets) {
      const figures = await each(target);
      log(`  ${target}: ${JSON.stringify(figures)}`);
      for (const [r, key] of into) add(r, target, figures[key] as number | null);
      if (typeof figures.note === 'string') for (const [r] of into) r.note = [r.note, `${target}: ${figures.note}`].filter(Boolean).join('; ');
    }
  }
}

const fanSeconds = quick ? 2 : 10;
if (want('fanout')) {
  for (const [rooms, clients] of [
    [20, 10],
    [1, 50],
  ] as const) {
    log(`fan-out ${rooms} rooms × ${clients} clients, 5 edits/s each`);
    const delivered = row(`fan-out ${rooms}×${clients}: updates delivered/s`, 'higher');
    const cpu = row(`fan-out ${rooms}×${clients}: server CPU ms per 1000 delivered`, 'lower');
    await repeat(runs, (t) => fanout(t, rooms, clients, 5, fanSeconds, quick ? 1 : 2), [
      [delivered, 'deliveredPerSecond'],
      [cpu, 'serverCpuMsPer1000'],
    ]);
  }
}
if (want('latency')) {
  log('latency: 50 clients in one room, 2 edits/s each');
  const p50 = row('edit-to-peer latency p50 (ms), 50 clients', 'lower');
  const p95 = row('edit-to-peer latency p95 (ms), 50 clients', 'lower');
  const p99 = row('edit-to-peer latency p99 (ms), 50 clients', 'lower');
  // The tail moves most from run to run on two shared cores (the load generator competes with the
  // server), so it gets more runs than the other figures.
  await repeat(quick ? 1 : 5, (t) => latency(t, 50, 2, quick ? 3 : 10, quick ? 1 : 2), [
    [p50, 'p50'],
    [p95, 'p95'],
    [p99, 'p99'],
  ]);
}
if (want('cold')) {
  const n = quick ? '5,000' : '20,000';
  log(`cold load: ${n} stored updates vs the same content compacted`);
  const typedRow = row(`cold load, ${n} updates typed through the server (ms)`, 'lower');
  const compactRow = row('cold load, same content sent as one update (ms)', 'lower');
  const rawRow = row(`cold load, ${n} never-folded log rows (ms)`, 'lower');
  await repeat(1, (t) => coldLoad(t, quick ? 1 : 3, quick ? 5_000 : 20_000), [
    [typedRow, 'typed'],
    [compactRow, 'compacted'],
    [rawRow, 'rawLog'],
  ]);
}
if (want('memory')) {
  log('memory: per idle connection and per open document');
  // RSS needs hundreds of sockets and several readings to rise above malloc's noise, so the quick
  // mode reports only the JS heap (stable within a kB at this size).
  const rssRows: Array<[Row, string]> = quick
    ? []
    : [
        [row('server RSS per idle connection (kB)', 'lower'), 'perConnectionKb'],
        [row('server RSS per open document (kB)', 'lower'), 'perDocumentKb'],
      ];
  const perConnHeap = row('JS heap per idle connection (kB)', 'lower');
  const perDocHeap = row('JS heap per open document (kB)', 'lower');
  await repeat(quick ? 1 : runs, (t) => memory(t, quick ? 200 : 500, quick ? 30 : 100, quick ? 2 : 5), [
    ...rssRows,
    [perConnHeap, 'perConnectionHeapKb'],
    [perDocHeap, 'perDocumentHeapKb'],
  ]);
}
if (want('durability')) {
  log('durability: SIGKILL during a typing storm');
  const received = row('durability: edits a peer received before SIGKILL', 'higher');
  const lost = row('durability: of those, missing after restart', 'fewer');
  await repeat(quick ? 1 : 2, (t) => durability(t, quick ? 1 : 4), [
    [received, 'received'],
    [lost, 'lost'],
  ]);
}

// 1 vs 2 instances on PostgreSQL + Redis, against Hocuspocus with its Redis extension (own table).
const multiLines = want('multi') ? await multiInstance(quick, (line) => log(line)) : [];

const median = (v: number[] | undefined) => (v?.length ? v.toSorted((a, b) => a - b)[Math.floor((v.length - 1) / 2)]! : null);
const fmt = (v: number[] | undefined) => {
  const m = median(v);
  if (m === null) return 'n/a';
  const text = Number.isInteger(m) ? String(m) : m.toFixed(2);
  return v!.length > 1 ? `${text} (${Math.min(...v!)}–${Math.max(...v!)})` : text;
};
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
const table = rows.map((r) => {
  const m = Object.fromEntries(targets.map((t) => [t, median(r.values[t])])) as Record<TargetName, number | null>;
  return {
    figure: r.figure,
    better: r.better,
    ...Object.fromEntries(targets.map((t) => [t, fmt(r.values[t])])),
    'F÷H': ratio(m.fellesrom, m.hocuspocus),
    'F÷Y': ratio(m.fellesrom, m['y-websocket']),
    'F÷raw': ratio(m.fellesrom, m['raw-ws']),
    'H÷raw': ratio(m.hocuspocus, m['raw-ws']),
    'Y÷raw': ratio(m['y-websocket'], m['raw-ws']),
    note: r.note ?? '',
    raw: r.values,
  };
});

const columns = ['figure', ...targets, 'F÷H', 'F÷Y', 'F÷raw', 'H÷raw', 'Y÷raw'] as const;
const widths = columns.map((c) => Math.max(c.length, ...table.map((t) => String(t[c as keyof typeof t]).length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\nFellesrom benchmark (${quick ? 'quick' : 'full'}: median of repeated runs, min–max in brackets; latency ×${quick ? 1 : 5}, the rest ×${runs}) on ${os.cpus().length} cores, Node ${process.version}`);
console.log(line([...columns]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const t of table) console.log(line(columns.map((c) => String(t[c as keyof typeof t]))));
for (const t of table) if (t.note) console.log(`note — ${t.figure}: ${t.note}`);
for (const line of multiLines) console.log(line);
console.log(`\n(${Math.round((Date.now() - started) / 1000)} s)`);

const dir = path.join(import.meta.dirname, 'results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
fs.writeFileSync(file, JSON.stringify({ quick, runs, node: process.version, cores: os.cpus().length, table }, null, 2));
console.log(`written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
