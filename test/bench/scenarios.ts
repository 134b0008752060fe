import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { DEFAULT_LOCALE } from '../../shared/locale';
import { templates } from '../../shared/templates';
import { ownParagraph, percentile } from './load';
import { generatorBound, RawLoad, ramp, type Step, Wire } from './raw-load';
import { cpuSplit, type RunningTarget, startTarget, type TargetName } from './targets';

export interface Figures {
  [key: string]: number | string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One server, one shape (rooms × clients), one process: after a warm-up at 5 keystrokes/s per
 * client, the ramp to its ceiling; the latency at `halfRate`
 * keystrokes/s (half of Fellesrom's ceiling; Fellesrom's own when null); and a real provider per
 * room checking that every keystroke sent is in the document.
 */
export async function capacity(
  name: TargetName,
  rooms: number,
  clients: number,
  opts: { warmSeconds: number; stepSeconds: number; maxSteps: number; halfRate: number | null; halfSeconds: number },
  log: (line: string) => void,
): Promise<Figures> {
  const target = await startTarget(name);
  const load = await RawLoad.open(target, rooms, clients);
  try {
    // What the ramp starts from: a server that has run a while at 5/s per client, its optimizing
    // compiler done with the hot paths (the CPU at that rate is steadyCpuInTurn's figure).
    await load.step(rooms * clients * 5, opts.warmSeconds);
    await load.drain();
    // From a tenth of what 5/s per client offers, up by a quarter each step.
    const { ceiling, peak, glitch } = await ramp(load, { start: rooms * clients * 2, factor: 1.25, seconds: opts.stepSeconds, maxSteps: opts.maxSteps }, log);
    const top = ceiling ?? peak;
    const notes: string[] = glitch ? [glitch] : [];
    let halfRate = opts.halfRate ?? (top ? top.offered / 2 : null);
    let half: Step | null = null;
    // The latency step must be one the load generator can offer: where it used most of its core
    // (or fell behind) the figure would be the generator's. Such a step is taken down by a
    // quarter until the generator keeps up (three times at most), and the rate used is reported.
    for (let tries = 0; halfRate && tries < 4; tries++) {
      half = await load.step(halfRate, opts.halfSeconds);
      log(`    at ${half.offered}/s (half of Fellesrom's ceiling${tries ? ', capped' : ''}): p50 ${half.p50} p99 ${half.p99} ms, server CPU ${half.serverCpu}, load CPU ${half.loadCpu}`);
      await load.drain();
      if (!generatorBound(half)) break;
      if (tries === 3) {
        notes.push(`half step at ${half.offered}/s still had the load generator at ${half.loadCpu} of a core: its latency is the generator's (left out)`);
        half = null;
        break;
      }
      halfRate *= 0.75;
    }
    if (half && opts.halfRate && half.offered < Math.round(opts.halfRate)) notes.push(`half step capped at ${half.offered}/s (load generator's limit; ${Math.round(opts.halfRate)}/s asked)`);
    else if (half && !opts.halfRate && top && half.offered < Math.round(top.offered / 2)) notes.push(`half step capped at ${half.offered}/s (load generator's limit; half the ceiling is ${Math.round(top.offered / 2)}/s)`);
    return {
      ceiling: ceiling?.deliveredPerSecond ?? null,
      /** What half of "the ceiling" means for the latency step: the peak when no step kept p99 within 50 ms. */
      halfOf: top?.offered ?? null,
      /** The rate the latency step ran at (half of halfOf, or lower where the load generator could not offer that). */
      halfOffered: half?.offered ?? null,
      peak: peak?.deliveredPerSecond ?? null,
      peakPerCpuSecond: peak && peak.serverCpu > 0 ? Math.round(peak.deliveredPerSecond / peak.serverCpu) : null,
      peakServerCpu: peak?.serverCpu ?? null,
      peakLoadCpu: peak?.loadCpu ?? null,
      peakCpuMsPer1000: peak?.serverCpuMsPer1000 ?? null,
      halfP50: half?.p50 ?? null,
      halfP99: half?.p99 ?? null,
      halfLoadCpu: half?.loadCpu ?? null,
      ...(notes.length ? { note: notes.join('; ') } : {}),
      missing: await load.missingAfterSync(),
    };
  } finally {
    load.close();
    await target.stop();
  }
}

/** One server's CPU per 1000 delivered in each cycle of `steadyCpuInTurn`. */
export interface CpuCycles {
  cpuMsPer1000: number[];
  sysMsPer1000: number[];
  note?: string;
}

/**
 * The CPU each server pays per 1000 delivered updates at 5 keystrokes/s per client, with the
 * servers taking turns: all run at once (idle but connected while another is loaded), each gets a
 * `windowSeconds` window of load per round, in the same order every round. On this machine one
 * long step per server, minutes apart, read the same code 16.5 and 21.4 ms per 1000; in turns,
 * every server's windows share the machine's good and bad minutes.
 *
 * A server's cycle runs from the end of its previous window (its warm-up's for the first) to the
 * end of this one, so what it does after its load (Hocuspocus stores a document 2–10 s after its
 * edits, Fellesrom its search text) is counted in the next cycle, while the others are loaded.
 * The warm-up (`warmSeconds` each, in turn) is what a server that has run a while pays, as the
 * bench's single steady step measured only its last 40 of 70 s.
 */
export async function steadyCpuInTurn(
  names: TargetName[],
  rooms: number,
  clients: number,
  opts: { warmSeconds: number; windowSeconds: number; rounds: number },
  log: (line: string) => void,
): Promise<Map<TargetName, CpuCycles>> {
  const rate = rooms * clients * 5;
  const started: Array<{ name: TargetName; target: RunningTarget; load: RawLoad; mark: { user: number; system: number } }> = [];
  const result = new Map<TargetName, CpuCycles>();
  const dropped = (name: TargetName, error: unknown) => {
    result.set(name, { cpuMsPer1000: [], sysMsPer1000: [], note: `left out: ${String(error).split('\n')[0]}` });
    log(`    ${name}: left out (${String(error).split('\n')[0]})`);
  };
  try {
    for (const name of names) {
      try {
        const target = await startTarget(name);
        started.push({ name, target, load: await RawLoad.open(target, rooms, clients), mark: { user: 0, system: 0 } });
        result.set(name, { cpuMsPer1000: [], sysMsPer1000: [] });
      } catch (error) {
        dropped(name, error);
      }
    }
    for (const s of started) {
      await s.load.step(rate, opts.warmSeconds);
      await s.load.drain();
      s.mark = cpuSplit(s.target.pid);
    }
    for (let round = 0; round < opts.rounds; round++) {
      const line: string[] = [];
      for (const s of started) {
        const figures = result.get(s.name)!;
        if (figures.note) continue;
        try {
          const step = await s.load.step(rate, opts.windowSeconds, 0);
          await s.load.drain();
          const now = cpuSplit(s.target.pid);
          const perThousand = (seconds: number) => Math.round(((seconds * 1000) / step.delivered) * 1000 * 100) / 100;
          figures.cpuMsPer1000.push(perThousand(now.user - s.mark.user + now.system - s.mark.system));
          figures.sysMsPer1000.push(perThousand(now.system - s.mark.system));
          s.mark = now;
          line.push(`${s.name} ${figures.cpuMsPer1000.at(-1)}`);
        } catch (error) {
          dropped(s.name, error);
        }
      }
      log(`    round ${round + 1}: CPU ms per 1000 — ${line.join(', ')}`);
    }
  } finally {
    for (const s of started) {
      s.load.close();
      await s.target.stop();
    }
  }
  return result;
}

/**
 * Join storm: `joiners` teachers open the same `pages`-page plan within `windowMs` (evenly
 * spread), on a freshly started server (the plan is on disk, not in memory): time from opening
 * the socket to the first frame that carries the plan's text, per joiner.
 */
export async function joinStorm(name: TargetName, joiners: number, rounds: number, pages: number, windowMs = 1000): Promise<Figures> {
  if (name === 'raw-ws') return { p50: null, p99: null };
  const plan = typedUpdates(pages * 2000).state;
  let target = await startTarget(name);
  const rooms = await target.rooms(rounds);
  for (const room of rooms) {
    const c = target.connect(room);
    await c.synced;
    Y.applyUpdate(c.doc, plan);
    await sleep(500);
    c.destroy();
  }
  await sleep(3000); // every server's own write-behind (Hocuspocus debounces 2 s; LevelDB writes are async)
  const auth = target.auth();
  await target.stop();
  target = await startTarget(name, { dataDir: target.dataDir, auth });
  const marker = Buffer.from('abcdefghij');
  const times: number[] = [];
  try {
    for (const room of rooms) {
      const wire = new Wire(name === 'hocuspocus', room);
      const sockets: Array<{ terminate(): void }> = [];
      await Promise.all(
        Array.from({ length: joiners }, (_, i) =>
          sleep((i * windowMs) / joiners).then(
            () =>
              new Promise<void>((resolve, reject) => {
                const started = performance.now();
                const ws = target.openSocket(room);
                sockets.push(ws);
                const timer = setTimeout(() => reject(new Error(`${name}: a joiner never got the plan`)), 60_000);
                ws.on('open', () => {
                  for (const f of wire.hello()) ws.send(f);
                  ws.send(wire.step1());
                });
                ws.on('error', reject);
                ws.on('message', (data: Buffer) => {
                  if (!data.includes(marker)) return;
                  times.push(performance.now() - started);
                  clearTimeout(timer);
                  resolve();
                });
              }),
          ),
        ),
      );
      for (const ws of sockets) ws.terminate();
    }
  } finally {
    await target.stop();
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

/** Caret storm: `clients` people in one meeting document, every caret moving `rate` times a second. */
export async function caretStorm(name: TargetName, clients: number, rate: number, seconds: number): Promise<Figures> {
  const target = await startTarget(name);
  const load = await RawLoad.open(target, 1, clients);
  try {
    return await load.carets(rate, seconds);
  } finally {
    load.close();
    await target.stop();
  }
}

/** 20,000 one-keystroke updates, as a long typing session produces them. */
export function typedUpdates(count: number): { updates: Uint8Array[]; state: Uint8Array } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  let text = ownParagraph(doc);
  for (let i = 0; i < count; i++) {
    if (i % 400 === 399) text = ownParagraph(doc);
    text.insert(text.length, 'abcdefghij'[i % 10]!);
  }
  return { updates, state: Y.encodeStateAsUpdate(doc) };
}

/**
 * Cold load: a freshly started server, time from connecting to having the content, for a document
 * that received 20,000 one-keystroke updates (typed through the server, stored however it stores
 * them) and for the same content arriving as one update. For Fellesrom also the worst case: 20,000
 * rows in its log that were never folded (a server that crashed before every compaction).
 */
export async function coldLoad(name: TargetName, repeats: number, updatesCount = 20_000): Promise<Figures> {
  if (name === 'raw-ws') return { typed: null, compacted: null, rawLog: null };
  const { updates, state } = typedUpdates(updatesCount);
  let target = await startTarget(name);
  const rooms = {
    warmup: await target.rooms(1),
    typed: await target.rooms(repeats),
    compacted: await target.rooms(repeats),
    rawLog: await target.rooms(repeats),
  };
  const write = async (room: string, parts: Uint8Array[]) => {
    const c = target.connect(room);
    await c.synced;
    for (const part of parts) Y.applyUpdate(c.doc, part);
    await sleep(parts.length > 1 ? 1500 : 300);
    c.destroy();
  };
  for (const room of rooms.typed) await write(room, updates);
  for (const room of [...rooms.compacted, ...rooms.warmup]) await write(room, [state]);
  await sleep(3000); // every server's own write-behind (Hocuspocus debounces 2 s; LevelDB writes are async)
  const auth = target.auth();
  await target.stop();
  const dataDir = target.dataDir;
  if (name.startsWith('fellesrom')) {
    const db = new Database(path.join(dataDir, 'fellesrom.sqlite'));
    const insert = db.prepare('insert into document_updates (document_id, "update") values (?, ?)');
    (await db.transaction(() => {
      for (const id of rooms.rawLog) for (const u of updates) insert.run(id, Buffer.from(u));
    }))();
    db.close();
  }
  const notes: string[] = [];
  target = await startTarget(name, { dataDir, auth });
  const time = async (room: string) => {
    const started = performance.now();
    const c = target.connect(room);
    await c.synced;
    // Until the content is there: a server may call a client synced before its storage loaded.
    const deadline = Date.now() + 30_000;
    while (!c.doc.getXmlFragment('default').toString().includes('abcdefghij')) {
      if (Date.now() > deadline) throw new Error(`${name}: the stored content never arrived`);
      if (!notes.length) notes.push('the first sync is empty (its storage loads after it answers); timed to the content');
      await new Promise((r) => setTimeout(r, 1));
    }
    const ms = performance.now() - started;
    c.destroy();
    return ms;
  };
  const typed: number[] = [];
  const compacted: number[] = [];
  const rawLog: number[] = [];
  await time(rooms.warmup[0]!); // the first load in a fresh process also pays for warming it up
  for (let i = 0; i < repeats; i++) {
    compacted.push(await time(rooms.compacted[i]!));
    typed.push(await time(rooms.typed[i]!));
    if (name.startsWith('fellesrom')) rawLog.push(await time(rooms.rawLog[i]!));
  }
  await target.stop();
  const median = (v: number[]) => (v.length ? Math.round(percentile(v, 50) * 10) / 10 : null);
  return { typed: median(typed), compacted: median(compacted), rawLog: median(rawLog), note: notes.join('; ') || null };
}

/** `count` more synced clients on `room`, kept in `open`. */
export async function openSockets(target: RunningTarget, room: string, count: number, open: Array<{ destroy(): void }>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const c = target.connect(room);
    await c.synced;
    open.push(c);
  }
}

/**
 * What a new Fellesrom document holds before anyone types (rooms() creates notes: a prompt
 * paragraph and the block-structure mark, from a client of its own). The other servers' rooms
 * start empty, so openWithContent gives them this first: each server then holds the same document
 * (without it, Fellesrom's per document counted 1.8 kB of Yjs structs the others never held).
 */
const NEW_NOTE = templateToUpdate(templates.note(DEFAULT_LOCALE));

/** A client on each of `rooms` that writes `content` into it, kept in `open`. */
export async function openWithContent(target: RunningTarget, rooms: string[], content: Uint8Array, open: Array<{ destroy(): void }>): Promise<void> {
  for (const r of rooms) {
    const c = target.connect(r);
    await c.synced;
    if (!target.name.startsWith('fellesrom')) Y.applyUpdate(c.doc, NEW_NOTE);
    Y.applyUpdate(c.doc, content);
    open.push(c);
  }
}

/** Sockets opened before the baseline. */
export const WARM_UP = 50;
/**
 * The longest each server is left after documents were edited before its memory is read: Fellesrom
 * reports an edit after 5 s (CHANGE_REPORT_MS) and then indexes its text in steps, each server
 * spending at most a share of the thread on it (a hundred five-page plans at once: 15-30 s);
 * Hocuspocus stores 2-10 s after the last change. Read sooner, the warm-up documents' delayed work
 * (Fellesrom's text waiting to be indexed, 1.1 kB a socket) fell into the figure per idle
 * connection, and the measured documents' own was left out of the figure per document (read after
 * 12 s, the texts still waiting added 3 kB per document; after 30 s, nothing).
 */
export const DELAYED_WORK_MS = 60_000;
/**
 * Documents opened before the baseline. With 5, the optimizing compiler was still compiling the
 * load path (Yjs's decoder and integration, the store's queries) while the measured documents
 * opened: 13 new code objects, 5 kB per document in heap snapshots, which one more document
 * does not cost once a server has run a while. With 40, the paths an edit report takes (record,
 * index) were still being compiled: 8.3 kB of new code per measured document in Fellesrom's heap
 * snapshots, against y-websocket's 4.3 (heap per document 60.8 kB, with 150: 57.2; y-websocket's
 * 55.1 and 54.1).
 */
export const WARM_UP_DOCUMENTS = 150;

/**
 * Server memory growth (RSS and JS heap) per idle connection (many sockets on one document) and per
 * open document (one socket each, each document holding the same five-page plan), with garbage
 * collected first.
 */
export async function memory(name: TargetName, connections: number, documents: number, readingCount = 5, { awake = false } = {}): Promise<Figures> {
  // The relay forwards every provider's presence renewal (each 15 s) to every other socket, one
  // frame each: with 500 providers in one room that is ~17,000 frames a second into this process,
  // whose providers then miss their own deadlines and reconnect, and the run never settles.
  if (name === 'raw-ws') return { perConnectionKb: null, perConnectionHeapKb: null, perDocumentKb: null, perDocumentHeapKb: null };
  // Fellesrom's documents rest once nobody needs them (DOCUMENT_REST_MS); `awake` keeps them as
  // the peers keep theirs, to show what an open document being edited costs.
  const fellesrom = name.startsWith('fellesrom');
  if (awake && !fellesrom) return {};
  const resting = fellesrom && !awake;
  const heapFile = path.join(os.tmpdir(), `bench-heap-${process.pid}-${name}`);
  const target = await startTarget(name, {
    env: { BENCH_HEAP_FILE: heapFile, ...(fellesrom ? { METRICS_TOKEN: BENCH_METRICS_TOKEN, DOCUMENT_REST_MS: awake ? '0' : '15000' } : {}) },
    nodeArgs: ['--expose-gc', '--import', path.join(import.meta.dirname, 'servers/gc-preload.mjs')],
  });
  const readings = new GaugeReadings(heapFile);
  const plan = typedUpdates(5 * 2000).state;
  try {
    const open: Array<{ destroy(): void }> = [];
    const [room] = await target.rooms(1);
    // Warm-up: the first sockets and documents pay for compiling code paths and growing the heap
    // once; what is asked is what one more costs.
    await openSockets(target, room!, WARM_UP, open);
    await openWithContent(target, await target.rooms(WARM_UP_DOCUMENTS), plan, open);
    const rooms = await target.rooms(documents);
    await delayedWorkDone(readings);
    if (resting) await everyDocumentResting(target, readings);
    const baseline = await settledMemory(target, readings, readingCount);
    // Documents first (one socket each, in rooms of their own), left until their delayed work is
    // done; then the idle sockets, all in one room, read before their presence renewals (each
    // provider's every 15 s, relayed to all the others) begin.
    await openWithContent(target, rooms, plan, open);
    await delayedWorkDone(readings);
    if (resting) await everyDocumentResting(target, readings);
    const withDocuments = await settledMemory(target, readings, readingCount);
    await openSockets(target, room!, connections, open);
    const withConnections = await settledMemory(target, readings, readingCount);
    const perConnection = {
      rss: (withConnections.rss - withDocuments.rss) / connections,
      heap: (withConnections.heap - withDocuments.heap) / connections,
      buffers: (withConnections.buffers - withDocuments.buffers) / connections,
    };
    for (const c of open) c.destroy();
    const perDocument = (key: 'rss' | 'heap' | 'buffers') => Math.round(((withDocuments[key] - baseline[key]) / documents - perConnection[key]) / 102.4) / 10;
    return {
      perConnectionKb: Math.round(perConnection.rss / 102.4) / 10,
      perConnectionHeapKb: Math.round(perConnection.heap / 102.4) / 10,
      perDocumentKb: perDocument('rss'),
      perDocumentHeapKb: perDocument('heap'),
      perDocumentBuffersKb: perDocument('buffers'),
    };
  } finally {
    readings.close();
    await target.stop();
    fs.rmSync(heapFile, { force: true });
  }
}

/** One reading servers/gc-preload.mjs wrote: when (ms, the server's clock), the JS heap after a full collection, and the event loop's busy time so far (ms, collections left out). */
export interface ServerGauges {
  at: number;
  heap: number;
  busyMs: number;
  /** Bytes in ArrayBuffers (outside the JS heap). */
  arrayBuffers: number;
}

/** The readings a server started with BENCH_HEAP_FILE writes, one every 500 ms, as they come. */
export class GaugeReadings {
  private last: ServerGauges | null = null;
  private waiting: Array<() => void> = [];
  private readonly watcher: fs.FSWatcher;

  constructor(private readonly file: string) {
    // The reading is renamed into place: the directory tells when.
    this.watcher = fs.watch(path.dirname(file), (_event, name) => {
      if (name === path.basename(file)) this.read();
    });
    this.read();
  }

  /** The newest reading (zeros before the first). */
  get current(): ServerGauges {
    return this.last ?? { at: 0, heap: 0, busyMs: 0, arrayBuffers: 0 };
  }

  /** The next reading after the current one, or null once `deadline` (Date.now()) passes first. */
  async next(deadline: number): Promise<ServerGauges | null> {
    const seen = this.last?.at;
    while (this.last?.at === seen) {
      const wait = deadline - Date.now();
      if (wait <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.last;
  }

  close(): void {
    this.watcher.close();
  }

  private read(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return; // not written yet
    }
    const [at, heap, busyMs, arrayBuffers] = text.split(' ').map(Number);
    if (at === undefined || heap === undefined || busyMs === undefined || arrayBuffers === undefined || at === this.last?.at) return;
    this.last = { at, heap, busyMs, arrayBuffers };
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/** A server counts as quiet while its event loop is busy less than this share of the time (its own timers: presence sweeps, pings). */
const QUIET_SHARE = 0.02;

/**
 * Waits, reading by reading, until a server's heap after a full collection has stayed within
 * `heapWithin` for `quietMs` — and, with `busyShare`, its event loop was busy less than that share
 * of the time meanwhile — or `ms` passes.
 */
export async function gaugesSteady(readings: GaugeReadings, { quietMs, heapWithin, busyShare = Infinity, ms }: { quietMs: number; heapWithin: number; busyShare?: number; ms: number }): Promise<void> {
  const deadline = Date.now() + ms;
  let since = readings.current;
  for (;;) {
    const now = await readings.next(deadline);
    if (!now) return;
    const busy = now.busyMs - since.busyMs > busyShare * (now.at - since.at);
    if (busy || Math.abs(now.heap - since.heap) > heapWithin) since = now;
    else if (now.at - since.at >= quietMs) return;
  }
}

/**
 * Waits until a server's delayed work is done, as the server shows it: for 8 s (longer than
 * Fellesrom waits before it reports an edit, 5 s) its event loop was busy less than 2 % of the
 * time and its JS heap after a full collection stayed within 64 kB — or DELAYED_WORK_MS passes.
 * (The heap alone was not enough: Fellesrom indexes a hundred edited plans in steps at a tenth of
 * the thread, each step moving the heap by 10-20 kB, so the heap held still long before the index
 * was done, and the chunks of the texts still waiting, 2-3 kB a document, were read as the
 * documents' own.)
 */
export function delayedWorkDone(readings: GaugeReadings): Promise<void> {
  return gaugesSteady(readings, { quietMs: 8_000, heapWithin: 64 * 1024, busyShare: QUIET_SHARE, ms: DELAYED_WORK_MS });
}

/** RSS, JS heap and ArrayBuffers once garbage was collected (see servers/gc-preload.mjs): medians of a few readings. */
async function settledMemory(target: RunningTarget, readings: GaugeReadings, count: number): Promise<{ rss: number; heap: number; buffers: number }> {
  const rss: number[] = [];
  const heaps: number[] = [];
  const buffers: number[] = [];
  // Each reading right after one of the server's collections.
  while (heaps.length < count) {
    const reading = await readings.next(Date.now() + 5_000);
    if (!reading) throw new Error(`${target.name} stopped writing its memory readings`);
    rss.push(target.rssBytes());
    heaps.push(reading.heap);
    buffers.push(reading.arrayBuffers);
  }
  return { rss: percentile(rss, 50), heap: percentile(heaps, 50), buffers: percentile(buffers, 50) };
}

const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';

/**
 * Fellesrom: waits until every open document rests (DOCUMENT_REST_MS, 15-30 s after anything last
 * needed it), as its /metrics says — part of its delayed work; paced by the server's own readings.
 */
async function everyDocumentResting(target: RunningTarget, readings: GaugeReadings, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${target.port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
    const text = await res.text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    const open = gauge('fellesrom_open_documents');
    const resting = gauge('fellesrom_resting_documents');
    // A checkout from before documents rested (BENCH_FELLESROM_ROOT) has no such gauge.
    if (Number.isNaN(resting) || (open > 0 && resting === open)) return;
    if (!(await readings.next(deadline))) throw new Error(`${target.name}: ${resting} of ${open} open documents resting after ${ms / 1000} s`);
  }
}

/**
 * Durability: writers type into one document while an observer counts what it receives; the
 * server is killed with SIGKILL mid-storm and restarted on the same data; a fresh client then
 * checks which of the observer's received edits survived.
 */
export async function durability(name: TargetName, seconds: number): Promise<Figures> {
  if (name === 'raw-ws') return { received: null, lost: null };
  let target = await startTarget(name);
  const [room] = await target.rooms(1);
  const writers = await Promise.all([0, 1, 2].map(async () => {
    const c = target.connect(room!);
    await c.synced;
    return { ...c, text: ownParagraph(c.doc) };
  }));
  const observer = target.connect(room!);
  await observer.synced;
  const seen = new Set<string>();
  observer.doc.getXmlFragment('default').observeDeep((events) => {
    for (const e of events) for (const d of e.delta) if (typeof d.insert === 'string') for (const m of d.insert.matchAll(/#(\d+-\d+);/g)) seen.add(m[1]!);
  });
  let n = 0;
  const timers = writers.map((w, i) => setInterval(() => w.text.insert(w.text.length, `#${i}-${n++};`), 5));
  await sleep(seconds * 1000);
  await target.kill9();
  for (const t of timers) clearInterval(t);
  const received = [...seen];
  for (const c of [...writers, observer]) c.destroy();
  target = await startTarget(name, { dataDir: target.dataDir, auth: target.auth() });
  const fresh = target.connect(room!);
  await Promise.race([fresh.synced, sleep(15_000)]);
  // Some servers answer before their storage has loaded: the rest arrives as updates, watched
  // until every received edit is there (at most 3 s; what is still missing then is lost).
  const missing = () => {
    const text = fresh.doc.getXmlFragment('default').toString();
    return received.filter((id) => !text.includes(`#${id};`));
  };
  if (missing().length > 0) {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        fresh.doc.off('update', check);
        resolve();
      };
      const check = () => {
        if (missing().length === 0) done();
      };
      const timer = setTimeout(done, 3000);
      fresh.doc.on('update', check);
    });
  }
  const lost = missing().length;
  fresh.destroy();
  await target.stop();
  return { received: received.length, lost };
}
