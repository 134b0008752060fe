/**
 * npm run bench:engine [-- --keystrokes=12000 --synchronous=FULL --runs=3 --base=/path/to/other/checkout [--after=/path/to/a/third]]
 *
 * Server CPU per keystroke through the real document engine and SQLite store, in this process:
 * 20 documents × 10 stand-in sockets, one keystroke per event-loop turn (so each is its own commit,
 * as at 5 keystrokes/s per person), no network. Process CPU time does not count other processes'
 * turns, so the figure holds on a busy machine where the socket benches do not; with --base the
 * other checkout's engine runs too, alternating, for a before/after of an engine change. It also
 * says how much of it was the log's commits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { percentile } from './load';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const keystrokes = Number(arg('keystrokes', '12000'));
const synchronous = arg('synchronous', 'FULL') as 'FULL' | 'NORMAL';
const runs = Number(arg('runs', '3'));
const here = arg('after', '') ? path.resolve(arg('after', '')) : path.resolve(import.meta.dirname, '../..');
const base = arg('base', '') && path.resolve(arg('base', ''));

interface Result {
  cpuUsPerKeystroke: number;
  commitUsPerKeystroke: number;
}

/** Stand-in for a `ws` socket: counts what it was sent. */
class CountingSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent = 0;
  send(): void {
    this.sent++;
  }
  close(): void {}
  ping(): void {}
  terminate(): void {}
}

const syncUpdate = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

async function run(root: string): Promise<Result> {
  const load = (file: string) => import(path.join(root, file));
  const { openDatabase } = await load('server/db/open.ts');
  const { SqliteDocumentStore } = await load('server/sync/sqlite-document-store.ts');
  const { DocumentEngine } = await load('server/sync/document-engine.ts');
  const { Connection } = await load('server/sync/connection.ts');
  const { Limits } = await load('shared/limits.ts');
  const { createLogger, throttledWarnings } = await load('server/log.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
  const { sqlite, gate } = openDatabase(dir, synchronous);
  const now = Date.now();
  sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('school', 'S', now);
  sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('team', 'school', 'T', now);
  const store = new SqliteDocumentStore(sqlite, gate);
  // The log's commits, timed where they run (the store's one transaction per turn).
  let commitCpu = 0;
  const appendBatch = (store as unknown as { appendBatch: (batch: unknown[]) => number[] }).appendBatch;
  (store as unknown as { appendBatch: (batch: unknown[]) => number[] }).appendBatch = (batch) => {
    const started = process.cpuUsage();
    const seqs = appendBatch(batch);
    const used = process.cpuUsage(started);
    commitCpu += used.user + used.system;
    return seqs;
  };
  const log = createLogger('silent');
  const typists: Array<{ handle: () => boolean }> = [];
  for (let d = 0; d < 20; d++) {
    const id = `bench-engine-${String(d).padStart(9, '0')}`;
    sqlite.prepare("insert into documents (id, team_id, kind, title, created_at, updated_at) values (?, 'team', 'note', ?, ?, ?)").run(id, id, now, now);
    const options = { compactAfterUpdates: 500, unloadGraceMs: 3_600_000, changeReportMs: 3_600_000, limits: Limits.document, presence: Limits.awareness };
    const engine = new DocumentEngine(id, await store.load(id), store, options, log, throttledWarnings(log), { idle() {}, failed() {} });
    for (let c = 0; c < 10; c++) {
      const conn = new Connection(new CountingSocket() as never, { documentId: id, teamId: 'team', permission: 'edit', standing: 'member', user: { id: `user-${c}`, name: `Lærer ${c}` }, sessionId: `session-${c}` });
      engine.add(conn);
      // Each typist's own paragraph, its keystrokes encoded before the clock starts.
      const shadow = new Y.Doc();
      const frames: Uint8Array[] = [];
      shadow.on('update', (u: Uint8Array) => frames.push(syncUpdate(u)));
      const text = new Y.XmlText();
      shadow.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        shadow.getXmlFragment('default').insert(0, [paragraph]);
        paragraph.insert(0, [text]);
      });
      for (let k = 0; k < keystrokes / 200 + 1; k++) text.insert(text.length, `~${c}:${k};`);
      let next = 0;
      typists.push({
        handle: () => {
          const frame = frames[next++];
          if (frame) engine.handle(conn, frame);
          return Boolean(frame);
        },
      });
    }
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  // Every paragraph is in before the clock starts.
  for (const t of typists) t.handle();
  for (let i = 0; i < 20; i++) await turn();
  commitCpu = 0;
  const started = process.cpuUsage();
  let sent = 0;
  for (let i = 0; sent < keystrokes; i++) {
    if (typists[i % typists.length]!.handle()) sent++;
    await turn();
  }
  await store.flush();
  for (let i = 0; i < 20; i++) await turn();
  const used = process.cpuUsage(started);
  await store.close();
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const round = (n: number) => Math.round(n * 10) / 10;
  return { cpuUsPerKeystroke: round((used.user + used.system) / sent), commitUsPerKeystroke: round(commitCpu / sent) };
}

const sides = base ? { before: base, after: here } : { after: here };
const results: Record<string, Result[]> = {};
for (let i = 0; i < runs; i++) {
  for (const [side, root] of Object.entries(sides)) {
    const result = await run(root);
    (results[side] ??= []).push(result);
    console.log(`${side.padEnd(6)} ${JSON.stringify(result)}`);
  }
}
for (const key of ['cpuUsPerKeystroke', 'commitUsPerKeystroke'] as const) {
  const med = (side: string) => percentile(results[side]!.map((r) => r[key]), 50);
  console.log(`${key.padEnd(22)} ${base ? `before ${med('before')}  after ${med('after')}  after÷before ${(med('after') / med('before')).toFixed(2)}` : med('after')}`);
}
process.exit(0);
