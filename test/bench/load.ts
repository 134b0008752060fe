import * as Y from 'yjs';
import type { RunningTarget, YClient } from './targets';

/** A Tiptap-shaped document: each client types into its own paragraph of the `default` fragment. */
export function ownParagraph(doc: Y.Doc): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  p.insert(0, [text]);
  doc.getXmlFragment('default').push([p]);
  return text;
}

const STAMP = /@(\d+(?:\.\d+)?):(\d+);/g;

export interface TypingResult {
  offered: number;
  /** Edits that reached a peer (counted by their stamps, however the server packed them). */
  delivered: number;
  seconds: number;
  latenciesMs: number[];
}

/**
 * `rooms × clients` typists, each typing `rate` edits per second for `seconds`. Each edit is a
 * short word carrying its send time, so receivers measure edit-to-peer latency.
 */
export async function typing(target: Pick<RunningTarget, 'rooms' | 'connect'>, opts: { rooms: number; clients: number; rate: number; seconds: number; warmup?: number }): Promise<TypingResult> {
  const names = await target.rooms(opts.rooms);
  const latencies: number[] = [];
  let delivered = 0;
  let offered = 0;
  let measuring = false;
  // Everyone is connected before anyone writes, so even a relay that keeps no state (the floor)
  // delivers every update to every peer.
  const connected: YClient[] = [];
  for (const room of names) {
    for (let i = 0; i < opts.clients; i++) {
      const c = target.connect(room);
      await c.synced;
      connected.push(c);
    }
  }
  const clients = connected.map((c, index) => ({ ...c, index, text: ownParagraph(c.doc) }));
  for (const c of clients) {
    // The stamp travels as UTF-8 inside the update; reading it from the bytes keeps the load
    // generator cheap, so it measures the server rather than itself.
    c.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (!measuring || origin !== c.origin) return;
      const now = performance.timeOrigin + performance.now();
      // One stamp per edit: a server may send several edits in one update.
      for (const m of Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1').matchAll(STAMP)) {
        if (Number(m[2]) === c.index) continue; // its own edit, echoed back
        delivered++;
        latencies.push(now - Number(m[1]));
      }
    });
  }
  const timers = clients.map((c) =>
    steady(opts.rate, () => {
      if (measuring) offered++;
      c.text.insert(c.text.length, `x @${performance.timeOrigin + performance.now()}:${c.index}; `);
    }),
  );

  await new Promise((r) => setTimeout(r, (opts.warmup ?? 2) * 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  for (const stop of timers) stop();
  for (const c of clients) c.destroy();
  return { offered, delivered, seconds, latenciesMs: latencies };
}

/** Calls `edit` `rate` times a second, starting at a random phase so typists do not move in lockstep. */
function steady(rate: number, edit: () => void): () => void {
  const period = 1000 / rate;
  let interval: NodeJS.Timeout | null = null;
  const start = setTimeout(() => {
    interval = setInterval(edit, period);
  }, Math.random() * period);
  return () => {
    clearTimeout(start);
    if (interval) clearInterval(interval);
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
