/**
 * npm run bench:heap [-- --target=fellesrom --connections=200 --documents=30 --holders --depth=3 --json=/tmp/prefix]
 *
 * What a server keeps per open document and per idle connection, object by object: three heap
 * snapshots (after a warm-up, after `documents` more documents with a five-page plan each, after
 * `connections` more sockets on one document), and the objects each later snapshot holds that the
 * earlier one did not (by V8's object id), summed by constructor, per document or per connection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { delayedWorkDone, GaugeReadings, gaugesSteady, openSockets, openWithContent, typedUpdates, WARM_UP, WARM_UP_DOCUMENTS } from './scenarios';
import { startTarget, type TargetName } from './targets';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const name = arg('target', 'fellesrom') as TargetName;
const connections = Number(arg('connections', '200'));
const documents = Number(arg('documents', '30'));
const top = Number(arg('top', '25'));
/** Group by what holds each object too. */
const withHolders = process.argv.includes('--holders');
/** How many holders up the chain to show. */
const depth = Number(arg('depth', '1'));
/** Also write each table as JSON to <prefix>-<idle|open>.json, to compare servers. */
const dumpTo = arg('json', '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-heap-'));
const heapFile = path.join(dir, 'heap-used');
const target = await startTarget(name, {
  // Fellesrom's documents would rest (DOCUMENT_REST_MS) between the snapshots: kept awake, the
  // tables show what an open document's objects are.
  env: { BENCH_HEAP_FILE: heapFile, DOCUMENT_REST_MS: '0' },
  nodeArgs: ['--expose-gc', '--import', path.join(import.meta.dirname, 'servers/gc-preload.mjs'), '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
});
/** The JS heap after each full collection and the busy time, as the server writes them (servers/gc-preload.mjs). */
const readings = new GaugeReadings(heapFile);

interface Snapshot {
  /** Object id → [kind, self size, what holds it]. */
  objects: Map<number, [string, number, string]>;
  total: number;
}

async function snapshot(): Promise<Snapshot> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(target.pid, 'SIGUSR2');
  let file: string | undefined;
  let size = -1;
  // Written synchronously by the server; done when the file stops growing and parses.
  for (;;) {
    await sleep(300);
    file ??= fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const now = fs.statSync(path.join(dir, file)).size;
    if (now === size && now > 0) {
      try {
        return parse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
      } catch {
        // not complete yet
      }
    }
    size = now;
  }
}

function parse(s: {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}): Snapshot {
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, idAt, sizeAt, edgeCountAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => fields.indexOf(f)) as [number, number, number, number, number];
  const types = s.snapshot.meta.node_types[0];
  const edgeWidth = s.snapshot.meta.edge_fields.length;
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const label = (i: number) => {
    const type = types[s.nodes[i + typeAt]!]!;
    return type === 'object' || type === 'native' || type === 'closure' ? `${type} ${s.strings[s.nodes[i + nameAt]!]!.slice(0, 60)}` : type;
  };
  // The first retainer of each node that is not a weak or shortcut edge: who holds it.
  const holder = new Map<number, string>();
  const holderOf = new Map<number, number>();
  let e = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const count = s.nodes[i + edgeCountAt]!;
    for (let k = 0; k < count; k++, e += edgeWidth) {
      const kind = edgeTypes[s.edges[e]!]!;
      if (kind === 'weak' || kind === 'shortcut') continue;
      const to = s.edges[e + 2]!;
      if (holder.has(to)) continue;
      const edgeName = kind === 'element' || kind === 'hidden' ? `[${s.edges[e + 1]}]` : s.strings[s.edges[e + 1]!]!;
      holder.set(to, `${label(i)}.${String(edgeName).slice(0, 40)}`);
      holderOf.set(to, i);
    }
  }
  const objects = new Map<number, [string, number, string]>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const self = s.nodes[i + sizeAt]!;
    total += self;
    let chain = holder.get(i) ?? '?';
    for (let up = holderOf.get(i), n = 1; up !== undefined && n < depth; up = holderOf.get(up), n++) chain += ` ← ${holder.get(up) ?? '?'}`;
    objects.set(s.nodes[i + idAt]!, [label(i), self, chain]);
  }
  return { objects, total };
}

function report(title: string, a: Snapshot, b: Snapshot, per: number): void {
  const by = new Map<string, { count: number; bytes: number }>();
  for (const [id, [kind, self, holder]] of b.objects) {
    if (a.objects.has(id)) continue;
    if (/^(code|synthetic|hidden|native|object shape)/.test(kind)) continue;
    const label = withHolders ? `${kind}  ← ${holder}` : kind;
    const e = by.get(label) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += self;
    by.set(label, e);
  }
  const newBytes = [...by.values()].reduce((n, e) => n + e.bytes, 0);
  if (dumpTo) fs.writeFileSync(`${dumpTo}-${title.split(' ')[2]}.json`, JSON.stringify(Object.fromEntries([...by].map(([k, e]) => [k, { count: e.count / per, bytes: e.bytes / per }]))));
  console.log(`\n${title}: heap ${((b.total - a.total) / per / 1024).toFixed(1)} kB each (new JS objects ${(newBytes / per / 1024).toFixed(1)} kB each)`);
  for (const [label, e] of [...by.entries()].toSorted((x, y) => y[1].bytes - x[1].bytes).slice(0, top)) {
    console.log(`${(e.bytes / per).toFixed(0).padStart(8)} B  ${(e.count / per).toFixed(2).padStart(7)} ×  ${label}`);
  }
}

/** The five-page plan the memory figures of `npm run bench` use. */
const plan = typedUpdates(5 * 2000).state;

const open: Array<{ destroy(): void }> = [];
try {
  // As the bench's memory figures (scenarios.ts): documents first, read once their delayed work is
  // done, then the idle sockets, read before their presence renewals begin.
  const [room] = await target.rooms(1);
  await openSockets(target, room!, WARM_UP, open);
  await openWithContent(target, await target.rooms(WARM_UP_DOCUMENTS), plan, open);
  const rooms = await target.rooms(documents);
  await delayedWorkDone(readings);
  const a = await snapshot();
  await openWithContent(target, rooms, plan, open);
  await delayedWorkDone(readings);
  const b = await snapshot();
  await openSockets(target, room!, connections, open);
  // Idle sockets leave no work behind: read once the heap is steady, within their first 15 s.
  await gaugesSteady(readings, { quietMs: 1_500, heapWithin: 16 * 1024, ms: 5_000 });
  const c = await snapshot();
  report(`${name}, per open document with its socket (${documents})`, a, b, documents);
  report(`${name}, per idle connection (${connections})`, b, c, connections);
} finally {
  readings.close();
  for (const c of open) c.destroy();
  await target.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
