/**
 * A load generator that costs less than the servers it loads: plain `ws` sockets that send
 * pre-encoded y-websocket (or Hocuspocus) frames and read delivery and latency straight from the
 * bytes they receive, with no Y.Doc per client while the clock runs.
 *
 * Each typist owns a small "shadow" Y.Doc that only ever holds its own paragraph; its updates are
 * encoded before a step starts (real Yjs updates, so every server integrates them like a browser's
 * keystrokes). Each keystroke carries a stamp `~<client>:<seq>;` in its text; a receiver scans the
 * frame for stamps and looks the send time up in a table, so latency needs no clock in the bytes
 * and one frame that merges several keystrokes still counts each of them.
 */
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { ownParagraph } from './load';
import type { Figures } from './scenarios';
import { cpuSplit, type RunningTarget } from './targets';

const TILDE = 0x7e;
const COLON = 0x3a;
const SEMI = 0x3b;

/** Frames as each server's clients send them: Hocuspocus puts the document name first. */
export class Wire {
  private readonly prefix: Uint8Array;
  constructor(
    readonly hocuspocus: boolean,
    room: string,
  ) {
    const e = encoding.createEncoder();
    if (hocuspocus) encoding.writeVarString(e, room);
    this.prefix = encoding.toUint8Array(e);
  }

  private frame(write: (e: encoding.Encoder) => void): Buffer {
    const e = encoding.createEncoder();
    encoding.writeUint8Array(e, this.prefix);
    write(e);
    const bytes = encoding.toUint8Array(e);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  update(update: Uint8Array): Buffer {
    return this.frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
    });
  }

  /** Sync step 1 with an empty state vector: "send me everything". */
  step1(): Buffer {
    return this.frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, new Uint8Array([0]));
    });
  }

  awareness(clientId: number, clock: number, state: string): Buffer {
    return this.frame((e) => {
      encoding.writeVarUint(e, 1);
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, state);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    });
  }

  /** Hocuspocus waits for an auth message (an empty token will do without onAuthenticate). */
  hello(): Buffer[] {
    if (!this.hocuspocus) return [];
    return [
      this.frame((e) => {
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint(e, 0);
        encoding.writeVarString(e, '');
      }),
    ];
  }

  /** Message type and sync sub-type of a received frame (after the name, for Hocuspocus). */
  kind(data: Buffer): { type: number; sub: number } {
    let i = 0;
    if (this.hocuspocus) {
      // The name's length is one byte for the short names the bench uses.
      i = 1 + data[0]!;
    }
    return { type: data[i]!, sub: data[i + 1] ?? -1 };
  }
}

/** Pending send times: `sentAt[client][seq]` in performance.now() milliseconds. */
class Stamps {
  readonly sentAt: Float64Array[] = [];
  add(): number {
    this.sentAt.push(new Float64Array(64));
    return this.sentAt.length - 1;
  }
  set(client: number, seq: number, at: number): void {
    let row = this.sentAt[client]!;
    if (seq >= row.length) {
      const grown = new Float64Array(Math.max(seq + 1, row.length * 2));
      grown.set(row);
      this.sentAt[client] = row = grown;
    }
    row[seq] = at;
  }
  get(client: number, seq: number): number {
    return this.sentAt[client]?.[seq] ?? 0;
  }
}

/** Calls `each(client, seq)` for every stamp in `data`. */
function scanStamps(data: Buffer, each: (client: number, seq: number) => void): void {
  let i = data.indexOf(TILDE);
  while (i !== -1) {
    let j = i + 1;
    let client = 0;
    let digits = 0;
    while (j < data.length && data[j]! >= 0x30 && data[j]! <= 0x39) {
      client = client * 10 + data[j]! - 0x30;
      j++;
      digits++;
    }
    if (digits > 0 && data[j] === COLON) {
      j++;
      let seq = 0;
      digits = 0;
      while (j < data.length && data[j]! >= 0x30 && data[j]! <= 0x39) {
        seq = seq * 10 + data[j]! - 0x30;
        j++;
        digits++;
      }
      if (digits > 0 && data[j] === SEMI) each(client, seq);
    }
    i = data.indexOf(TILDE, i + 1);
  }
}

interface Typist {
  index: number;
  room: string;
  ws: WebSocket;
  wire: Wire;
  shadow: Y.Doc;
  text: Y.XmlText;
  /** Encoded keystrokes not sent yet, and the next stamp's number. */
  frames: Buffer[];
  nextSeq: number;
  /** How many of `frames` were sent. */
  sent: number;
  awarenessClock: number;
}

export interface Step {
  /** Offered keystrokes per second (all typists together). */
  offered: number;
  /** Deliveries counted in the measured window. */
  delivered: number;
  deliveredPerSecond: number;
  /** What a server that keeps up would deliver: offered × (clients − 1). */
  expectedPerSecond: number;
  p50: number;
  p99: number;
  /** Share of one core the server used in the measured window. */
  serverCpu: number;
  loadCpu: number;
  serverCpuMsPer1000: number | null;
  /** The part of serverCpuMsPer1000 spent in the kernel (fsync, socket reads and writes). */
  serverSysMsPer1000: number | null;
}

/**
 * Delivery latencies of one step, counted into fixed buckets: 10 µs up to 100 ms, 1 ms up to 100 s.
 * (A step at the ceiling delivers a million; an array of them grew by copying and was collected on
 * the same thread that stamps arrivals, so its pauses were in every server's p99.)
 */
export class LatencyHistogram {
  private static readonly FINE_MS = 0.01;
  private static readonly FINE_UPTO_MS = 100;
  private static readonly COARSE_MS = 1;
  private static readonly FINE = LatencyHistogram.FINE_UPTO_MS / LatencyHistogram.FINE_MS;
  private readonly counts = new Uint32Array(LatencyHistogram.FINE + 100_000 / LatencyHistogram.COARSE_MS);
  count = 0;

  add(ms: number): void {
    const { FINE, FINE_MS, FINE_UPTO_MS, COARSE_MS } = LatencyHistogram;
    const bucket = ms < FINE_UPTO_MS ? Math.max(0, Math.floor(ms / FINE_MS)) : Math.min(this.counts.length - 1, FINE + Math.floor((ms - FINE_UPTO_MS) / COARSE_MS));
    this.counts[bucket]!++;
    this.count++;
  }

  /** Nearest rank, as `percentile` in load.ts: the value below which `p` % of the counted ones lie (a bucket's middle). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const { FINE, FINE_MS, FINE_UPTO_MS, COARSE_MS } = LatencyHistogram;
    const rank = Math.min(this.count - 1, Math.floor((p / 100) * this.count));
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b]!;
      if (seen > rank) return b < FINE ? (b + 0.5) * FINE_MS : FINE_UPTO_MS + (b - FINE + 0.5) * COARSE_MS;
    }
    return Number.NaN;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
  }
}

interface Stats {
  /** Keystrokes sent from here on are counted as delivered (performance.now()). */
  from: number;
  /** Deliveries of keystrokes sent in the window. */
  delivered: number;
  /** Every delivery that arrived in the window, late ones of earlier steps included. */
  latencies: LatencyHistogram;
}

/**
 * A room × clients load on one server, kept connected across steps: every client types into its
 * own paragraph and counts what reaches it from the others.
 */
export class RawLoad {
  private readonly stamps = new Stamps();
  private readonly typists: Typist[] = [];
  private stats: Stats | null = null;
  private readonly latencies = new LatencyHistogram();
  private setupDelivered = 0;
  private lastDeliveryAt = 0;
  private caretsReceived = 0;

  private constructor(
    private readonly target: RunningTarget,
    private readonly roomNames: string[],
    private readonly clientsPerRoom: number,
  ) {}

  static async open(target: RunningTarget, rooms: number, clients: number): Promise<RawLoad> {
    const load = new RawLoad(target, await target.rooms(rooms), clients);
    await load.connect();
    return load;
  }

  private async connect(): Promise<void> {
    const hocuspocus = this.target.name === 'hocuspocus';
    for (const room of this.roomNames) {
      const wire = new Wire(hocuspocus, room);
      const opening: Array<Promise<void>> = [];
      for (let i = 0; i < this.clientsPerRoom; i++) {
        const index = this.stamps.add();
        const shadow = new Y.Doc();
        const typist: Typist = { index, room, ws: this.target.openSocket(room), wire, shadow, text: null!, frames: [], nextSeq: 0, sent: 0, awarenessClock: 0 };
        shadow.on('update', (u: Uint8Array) => typist.frames.push(wire.update(u)));
        // The paragraph and the first stamp in one update: it is the typist's setup.
        shadow.transact(() => {
          typist.text = ownParagraph(shadow);
          typist.text.insert(0, this.stamp(typist));
        });
        this.typists.push(typist);
        opening.push(this.wireUp(typist));
      }
      await Promise.all(opening);
    }
    // Every typist's paragraph is everywhere before the clock starts.
    for (const t of this.typists) this.send(t);
    const expected = this.typists.length * (this.clientsPerRoom - 1);
    await until(() => this.setupDelivered >= expected, 30_000, `${this.target.name}: setup updates were not all delivered`);
  }

  private stamp(t: Typist): string {
    return `~${t.index}:${t.nextSeq++};`;
  }

  private wireUp(t: Typist): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      t.ws.binaryType = 'nodebuffer';
      t.ws.on('open', () => {
        for (const f of t.wire.hello()) t.ws.send(f);
        t.ws.send(t.wire.step1());
      });
      t.ws.on('error', reject);
      t.ws.on('close', (code) => {
        if (!ready) reject(new Error(`${this.target.name}: socket closed before sync (${code})`));
      });
      t.ws.on('message', (data: Buffer) => {
        const { type, sub } = t.wire.kind(data);
        if (type === 1) this.caretsReceived++;
        if (type !== 0) return;
        if (sub === 1 && !ready) {
          ready = true;
          resolve();
          return;
        }
        if (sub !== 2 && sub !== 1) return;
        const now = performance.now();
        this.lastDeliveryAt = now;
        scanStamps(data, (client, seq) => {
          if (client === t.index) return; // its own keystroke, echoed in a merged frame
          if (seq === 0) {
            this.setupDelivered++;
            return;
          }
          const stats = this.stats;
          if (!stats) return;
          const sentAt = this.stamps.get(client, seq);
          if (sentAt === 0) return;
          // Past the ceiling, what earlier steps left queued arrives in this window: it counts in
          // the latencies (it did arrive that late) but not as this step's delivery.
          if (sentAt >= stats.from) stats.delivered++;
          stats.latencies.add(now - sentAt);
        });
      });
    });
  }

  private send(t: Typist): void {
    const frame = t.frames[t.sent];
    if (!frame) return;
    t.sent++;
    t.ws.send(frame);
  }

  /**
   * Before any step: every typist adds about `chars` characters to its paragraph in one update
   * (stamp-like words, `#<client>:<n>;`, that receivers do not count), so the documents are as big
   * as the ramp leaves them without the minutes a ramp takes on a busy machine.
   */
  async prefill(chars: number): Promise<void> {
    for (const t of this.typists) {
      let text = '';
      for (let n = 0; text.length < chars; n++) text += `#${t.index}:${n};`;
      t.text.insert(t.text.length, text);
      this.send(t);
    }
    await this.drain(1000, 120_000);
  }

  /** Encodes at least `count` more keystrokes per typist, outside any timed window. */
  private prepare(count: number): void {
    for (const t of this.typists) {
      const missing = count - (t.frames.length - t.sent);
      for (let i = 0; i < missing; i++) t.text.insert(t.text.length, this.stamp(t));
      // Frames already sent are not needed again.
      if (t.sent > 4096) {
        t.frames = t.frames.slice(t.sent);
        t.sent = 0;
      }
    }
  }

  /**
   * Calls `sendNext` `rate` times a second for `seconds`, measuring only the last `1 - warm` of
   * it: `onWindow` starts the counters, and the CPU both sides used in that window is returned.
   */
  private async paced(rate: number, seconds: number, warm: number, sendNext: () => void, onWindow: () => void): Promise<{ elapsed: number; serverCpu: number; serverSys: number; loadCpu: number }> {
    const started = performance.now();
    const measureFrom = started + seconds * 1000 * warm;
    const end = started + seconds * 1000;
    let sent = 0;
    let window: { at: number; server: { user: number; system: number }; load: NodeJS.CpuUsage } | null = null;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (!window && now >= measureFrom) {
          onWindow();
          window = { at: now, server: cpuSplit(this.target.pid), load: process.cpuUsage() };
        }
        if (now >= end) {
          resolve();
          return;
        }
        const due = Math.floor(((now - started) / 1000) * rate) - sent;
        for (let i = 0; i < due; i++) sendNext();
        sent += Math.max(0, due);
        setTimeout(tick, 1);
      };
      tick();
    });
    const w = window!;
    const elapsed = (performance.now() - w.at) / 1000;
    const load = process.cpuUsage(w.load);
    const server = cpuSplit(this.target.pid);
    const serverSys = (server.system - w.server.system) / elapsed;
    return { elapsed, serverCpu: (server.user - w.server.user) / elapsed + serverSys, serverSys, loadCpu: (load.user + load.system) / 1e6 / elapsed };
  }

  /**
   * Offers `rate` keystrokes per second (round robin over the typists) for `seconds`: deliveries
   * received in the measured window and their latencies.
   */
  async step(rate: number, seconds: number, warm = 0.25): Promise<Step> {
    const perTypist = Math.ceil((rate / this.typists.length) * seconds * 1.3) + 4;
    this.prepare(perTypist);
    let next = 0;
    const sendNext = () => {
      const t = this.typists[next]!;
      next = (next + 1) % this.typists.length;
      if (t.sent >= t.frames.length) this.prepare(perTypist);
      const seq = t.nextSeq - (t.frames.length - t.sent);
      this.stamps.set(t.index, seq, performance.now());
      this.send(t);
    };
    this.latencies.reset();
    let stats: Stats = { from: Infinity, delivered: 0, latencies: this.latencies };
    const cpu = await this.paced(rate, seconds, warm, sendNext, () => {
      this.stats = stats = { from: performance.now(), delivered: 0, latencies: this.latencies };
    });
    this.stats = null;
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      offered: Math.round(rate),
      delivered: stats.delivered,
      deliveredPerSecond: Math.round(stats.delivered / cpu.elapsed),
      expectedPerSecond: Math.round(rate * (this.clientsPerRoom - 1)),
      p50: round(stats.latencies.percentile(50)),
      p99: round(stats.latencies.percentile(99)),
      serverCpu: round(cpu.serverCpu),
      loadCpu: round(cpu.loadCpu),
      serverCpuMsPer1000: stats.delivered ? round(((cpu.serverCpu * cpu.elapsed * 1000) / stats.delivered) * 1000) : null,
      serverSysMsPer1000: stats.delivered ? round(((cpu.serverSys * cpu.elapsed * 1000) / stats.delivered) * 1000) : null,
    };
  }

  /**
   * Every typist moves its caret `ratePerClient` times a second (an awareness update with a
   * y-prosemirror cursor into its own paragraph, pre-encoded): awareness frames received per
   * second and the server's CPU per awareness update it was sent.
   */
  async carets(ratePerClient: number, seconds: number, warm = 0.25): Promise<Figures> {
    const count = Math.ceil(ratePerClient * seconds * 1.3) + 4;
    const frames = this.typists.map((t) => {
      const c = t.shadow.clientID;
      return Array.from({ length: count }, (_, k) => {
        const position = JSON.stringify({ type: { client: c, clock: 0 }, tname: null, item: { client: c, clock: k % 8 }, assoc: 0 });
        const state = `{"user":{"name":"Lærer ${t.index}","color":"#30bced"},"cursor":{"anchor":${position},"head":${position}}}`;
        return t.wire.awareness(c, ++t.awarenessClock, state);
      });
    });
    const used = this.typists.map(() => 0);
    let next = 0;
    let sentInWindow = 0;
    let measuring = false;
    const sendNext = () => {
      const i = next;
      next = (next + 1) % this.typists.length;
      const frame = frames[i]![used[i]!++];
      if (!frame) return;
      this.typists[i]!.ws.send(frame);
      if (measuring) sentInWindow++;
    };
    this.caretsReceived = 0;
    const cpu = await this.paced(ratePerClient * this.typists.length, seconds, warm, sendNext, () => {
      measuring = true;
      this.caretsReceived = 0;
    });
    const received = this.caretsReceived;
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      caretsPerSecond: Math.round(sentInWindow / cpu.elapsed),
      caretFramesDeliveredPerSecond: Math.round(received / cpu.elapsed),
      serverCpuMsPer1000Carets: sentInWindow ? round(((cpu.serverCpu * cpu.elapsed * 1000) / sentInWindow) * 1000) : null,
      serverCpu: round(cpu.serverCpu),
      loadCpu: round(cpu.loadCpu),
    };
  }

  /** Waits until nothing has arrived for `quietMs` (what a step left queued has drained). */
  async drain(quietMs = 300, maxMs = 30_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    this.lastDeliveryAt = performance.now();
    while (performance.now() - this.lastDeliveryAt < quietMs && performance.now() < deadline) await sleep(50);
  }

  /**
   * One real provider per room, connected now: every keystroke sent to the room must be in the
   * document it syncs. Returns how many were missing (null for a relay that stores nothing).
   */
  async missingAfterSync(): Promise<number | null> {
    if (this.target.name === 'raw-ws') return null;
    let missing = 0;
    for (const room of this.roomNames) {
      const client = this.target.connect(room);
      await client.synced;
      const typists = this.typists.filter((t) => t.room === room);
      const expected = typists.reduce((n, t) => n + t.nextSeq - (t.frames.length - t.sent), 0);
      const count = () => (client.doc.getXmlFragment('default').toString().match(/~\d+:\d+;/g) ?? []).length;
      // Some servers answer sync before their storage is in; the rest arrives as updates.
      await until(() => count() >= expected, 10_000, null);
      const text = client.doc.getXmlFragment('default').toString();
      for (const t of typists) {
        const sent = t.nextSeq - (t.frames.length - t.sent);
        for (let s = 0; s < sent; s++) if (!text.includes(`~${t.index}:${s};`)) missing++;
      }
      client.destroy();
    }
    return missing;
  }

  close(): void {
    for (const t of this.typists) {
      t.ws.terminate();
      t.shadow.destroy();
    }
  }
}

/**
 * Raises the offered rate by `factor` each step until the server stops keeping up (delivered/s
 * below 90% of what was offered: it no longer rises with the offer). The ceiling is the highest
 * delivered/s of a step whose p99 stayed within 50 ms; the peak is the highest delivered/s of
 * any step (on a shared machine scheduling alone can push every p99 past 50 ms, and then the
 * peak, and the peak per CPU-second the server got, are what is left to compare).
 *
 * A stop where the server was not busy (below half a core) and the load generator not at its limit
 * is no ceiling but a glitch — a stall, another process's turn, a late socket: that step is run
 * again (twice at most). (Hocuspocus once stopped at 1,907/s with its server at 0.23 of a core and
 * the generator at 0.55, after passing that rate at 0.31 in the same run's other shape.) If it stops there every time, `glitch` says so and the ceiling and peak are
 * left out rather than printed as the server's capacity.
 */
export async function ramp(
  load: RawLoad,
  opts: { start: number; factor: number; seconds: number; maxSteps: number; p99LimitMs?: number },
  log: (line: string) => void,
): Promise<{ ceiling: Step | null; peak: Step | null; steps: Step[]; glitch: string | null }> {
  const limit = opts.p99LimitMs ?? 50;
  const steps: Step[] = [];
  let ceiling: Step | null = null;
  let peak: Step | null = null;
  let rate = opts.start;
  let retries = 0;
  let glitch: string | null = null;
  for (let i = 0; i < opts.maxSteps; i++) {
    const s = await load.step(rate, opts.seconds);
    steps.push(s);
    log(`    ${s.offered}/s offered → ${s.deliveredPerSecond}/s delivered of ${s.expectedPerSecond}, p50 ${s.p50} p99 ${s.p99} ms, server CPU ${s.serverCpu}, load CPU ${s.loadCpu}`);
    const stopped = s.deliveredPerSecond < s.expectedPerSecond * 0.9;
    if (stopped && isGlitch(s)) {
      if (retries < 2) {
        retries++;
        log(`    ↻ stopped with the server at ${s.serverCpu} and the load generator at ${s.loadCpu} of a core: not a ceiling, step run again`);
        await load.drain();
        i--;
        continue;
      }
      glitch = `ramp stopped at ${s.offered}/s offered with the server at ${s.serverCpu} and the load generator at ${s.loadCpu} of a core, 3 times: not a ceiling (left out)`;
      log(`    ${glitch}`);
      break;
    }
    retries = 0;
    if (s.p99 <= limit && (!ceiling || s.deliveredPerSecond > ceiling.deliveredPerSecond)) ceiling = s;
    if (!peak || s.deliveredPerSecond > peak.deliveredPerSecond) peak = s;
    if (stopped) break;
    rate *= opts.factor;
  }
  await load.drain();
  // A glitch ends the ramp early: what it reached before is not the server's ceiling either.
  return glitch ? { ceiling: null, peak: null, steps, glitch } : { ceiling, peak, steps, glitch };
}

/** The server was not busy and the generator not at its limit: what held delivery back was neither's capacity. */
export const isGlitch = (s: Step) => s.serverCpu < 0.5 && !generatorBound(s);

/** The load generator used most of its core: the step measured the generator, not the server. */
export const generatorBound = (s: Step) => s.loadCpu >= 0.85;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(done: () => boolean, ms: number, error: string | null): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) {
      if (error) throw new Error(error);
      return;
    }
    await sleep(10);
  }
}
