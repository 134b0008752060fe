/**
 * The sync server's other parts on their own: the registry (one load per document, unload folds,
 * a failed load is not kept), the SQLite store against the DocumentStore contract, presence with
 * its limits, and throttled refusal logging.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { MessageType } from '../../shared/protocol';
import { createLogger, type Logger, throttledWarnings } from '../../server/log';
import type { EngineOptions } from '../../server/sync/document-engine';
import { DeletedDocumentError, type DocumentStore } from '../../server/sync/document-store';
import { Presence, type PresenceLimits } from '../../server/sync/presence';
import { COMMIT_EARLY_AT, TRIM_ROWS } from '../../server/sync/sqlite-document-store';
import { DocumentRegistry } from '../../server/sync/registry';
import { appendParagraph } from '../helpers/clients';
import { fakeConnection, testStore } from '../helpers/sync-units';
import { waitFor } from '../helpers/wait';

const A = 'doc-a-000000000000000';
const B = 'doc-b-000000000000000';
let t: ReturnType<typeof testStore>;
beforeEach(async () => {
  t = await testStore([A, B]);
});
afterEach(() => t.close());

const log = createLogger('silent');
const options: EngineOptions = { compactAfterUpdates: 10_000, unloadGraceMs: 5, changeReportMs: 60_000, limits: Limits.document, presence: Limits.awareness };

function paragraphUpdate(text: string): Uint8Array {
  const d = new Y.Doc();
  appendParagraph(d.getXmlFragment('default'), text);
  return Y.encodeStateAsUpdate(d);
}

describe.each(['main', 'worker'] as const)('the SQLite document store, committing on the %s thread', (logWriter) => {
  beforeEach(async () => {
    await t.close();
    t = testStore([A, B], { logWriter });
  });

  it('appends in order, shares one commit per tick, loads state plus log, and compacts atomically', async () => {
    const seqs = await Promise.all([t.store.append(A, paragraphUpdate('en')), t.store.append(B, paragraphUpdate('to')), t.store.append(A, paragraphUpdate('tre'))]);
    expect(seqs).toEqual(seqs.toSorted((x, y) => x - y));
    const loaded = await t.store.load(A);
    expect(loaded.state).toBeNull();
    expect(loaded.updates).toHaveLength(2);
    expect(loaded.lastSeq).toBe(seqs[2]);

    const doc = await t.stored(A);
    await t.store.compact(A, Y.encodeStateAsUpdate(doc), loaded.lastSeq);
    const after = await t.store.load(A);
    expect(after.updates).toHaveLength(0);
    expect(after.state).not.toBeNull();
    expect((await t.stored(A)).getXmlFragment('default').toString()).toBe(doc.getXmlFragment('default').toString());
    // Rows after the compacted sequence number stay in the log.
    const late = await t.store.append(A, paragraphUpdate('fire'));
    await t.store.compact(A, after.state!, after.lastSeq);
    expect((await t.store.load(A)).lastSeq).toBe(late);
    expect((await t.stored(A)).getXmlFragment('default').toString()).toContain('fire');
    expect((await t.store.load(B)).updates).toHaveLength(1);
  });

  it("drops a big fold's rows a slice per commit, appends going on meanwhile, and every load in between reads the whole document", async () => {
    const rows = TRIM_ROWS * 2 + 40;
    for (let i = 0; i < rows; i++) void t.store.append(A, paragraphUpdate(`rad ${i}`));
    await t.store.append(B, paragraphUpdate('B blir'));
    const folded = await t.stored(A);
    const through = (await t.store.load(A)).lastSeq;
    const leftOf = () => (t.sqlite.prepare('select count(*) from document_updates where document_id = ? and seq <= ?').pluck().get(A, through) as number);
    expect(leftOf()).toBe(rows);

    const compacted = t.store.compact(A, Y.encodeStateAsUpdate(folded), through);
    const late = t.store.append(A, paragraphUpdate('skrevet under sammenslåingen'));
    await late;
    // The state is in and the first slice went with that append's commit; the rest follow.
    const midway = leftOf();
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(rows);
    const during = (await t.stored(A)).getXmlFragment('default').toString();
    expect(during).toContain('rad 0');
    expect(during).toContain(`rad ${rows - 1}`);
    expect(during).toContain('skrevet under sammenslåingen');

    await compacted;
    expect(leftOf()).toBe(0);
    const after = await t.store.load(A);
    expect(after.updates).toHaveLength(1);
    expect(after.lastSeq).toBe(await late);
    expect((await t.stored(A)).getXmlFragment('default').toString()).toBe(during);
    expect((await t.store.load(B)).updates).toHaveLength(1);
  });

  it('rejects every append of a commit that fails, and keeps none of it', async () => {
    // The database itself refuses the second row (a disk error or a constraint would do the same).
    t.sqlite.exec(`CREATE TRIGGER refuse_three_bytes BEFORE INSERT ON document_updates WHEN length(NEW."update") = 3 BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const appends = [t.store.append(A, paragraphUpdate('ok')), t.store.append(B, new Uint8Array([0, 0, 0]))];
    const results = await Promise.allSettled(appends);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await t.store.load(A)).updates).toHaveLength(0);
  });

  it('refuses an append to a deleted document, writing nothing for it, and keeps the others of its commit', async () => {
    t.sqlite.prepare('delete from documents where id = ?').run(B);
    const results = await Promise.allSettled([
      t.store.append(A, paragraphUpdate('en')),
      t.store.append(B, paragraphUpdate('slettet')),
      t.store.append('never-existed-0000000', paragraphUpdate('aldri')),
      t.store.append(A, paragraphUpdate('to')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DeletedDocumentError);
    expect((await t.store.load(A)).updates).toHaveLength(2);
    expect(t.sqlite.prepare('select count(*) from document_updates where document_id <> ?').pluck().get(A)).toBe(0);
  });
});

/** Rows in the log now: what has been committed. */
const rows = () => (t.sqlite.prepare('select count(*) as n from document_updates').get() as { n: number }).n;

describe('the SQLite document store with a commit spacing', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('commits a lone append at once, and holds later ones for the spacing so that they share one commit', async () => {
    await t.close();
    // A spacing no test run reaches: only the commit of the first append and flush() can store anything.
    t = testStore([A, B], { commitSpacingMs: 3_600_000 });
    const first = await t.store.append(A, paragraphUpdate('en'));
    expect(rows()).toBe(1);
    const stored: number[] = [];
    const second = t.store.append(A, paragraphUpdate('to')).then((seq) => stored.push(seq));
    await turn();
    const third = t.store.append(B, paragraphUpdate('tre')).then((seq) => stored.push(seq));
    for (let i = 0; i < 5; i++) await turn();
    // Within the spacing nothing more is committed (and so nothing could have been broadcast).
    expect(rows()).toBe(1);
    expect(stored).toEqual([]);
    await t.store.flush();
    await Promise.all([second, third]);
    expect(rows()).toBe(3);
    expect(stored).toEqual([first + 1, first + 2]);
    expect((await t.stored(B)).getXmlFragment('default').toString()).toContain('tre');
  });
});

describe('the SQLite document store with a commit spacing, under load', () => {
  it('commits at once when enough appends wait, instead of waiting out the spacing', async () => {
    await t.close();
    t = testStore([A, B], { commitSpacingMs: 3_600_000 });
    await t.store.append(A, paragraphUpdate('først'));
    const waiting = Array.from({ length: COMMIT_EARLY_AT }, (_, i) => t.store.append(i % 2 ? A : B, paragraphUpdate(`nr ${i}`)));
    // Resolves only through a commit: the spacing (an hour) is not waited out, nor is flush() called.
    const seqs = await Promise.all(waiting);
    expect(seqs).toEqual(seqs.toSorted((x, y) => x - y));
    expect(rows()).toBe(COMMIT_EARLY_AT + 1);
  });
});

describe('the document registry', () => {
  /** The real store, counting its loads. */
  function counting(): DocumentStore & { loads: number } {
    const counted = Object.create(t.store) as DocumentStore & { loads: number };
    counted.loads = 0;
    counted.load = async (id) => {
      counted.loads++;
      return await t.store.load(id);
    };
    return counted;
  }

  it('loads a document once for every caller that asks at the same time', async () => {
    const store = counting();
    const registry = new DocumentRegistry(store, options, log, throttledWarnings(log));
    const engines = await Promise.all(Array.from({ length: 5 }, () => registry.acquire(A)));
    expect(new Set(engines).size).toBe(1);
    expect(store.loads).toBe(1);
    expect(registry.size).toBe(1);
  });

  it('does not keep a failed load: the next caller tries again', async () => {
    await t.store.append(A, new Uint8Array([1, 1, 200, 200, 1, 0, 4, 1, 250, 250]));
    const registry = new DocumentRegistry(t.store, options, log, throttledWarnings(log));
    await expect(registry.acquire(A)).rejects.toThrow();
    expect(registry.size).toBe(0);
    await expect(registry.acquire(A)).rejects.toThrow();
  });

  it('unloads an idle document after its grace period, folding its log; a new load waits for that', async () => {
    const registry = new DocumentRegistry(t.store, options, log, throttledWarnings(log));
    const engine = await registry.acquire(A);
    const { conn } = fakeConnection(A);
    engine.add(conn);
    await engine.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), 'før unload'));
    expect((await t.store.load(A)).updates).toHaveLength(1);
    engine.remove(conn);
    await waitFor(() => registry.size === 0, 5000, 'unload');
    const again = await registry.acquire(A);
    expect(again).not.toBe(engine);
    const stored = await t.store.load(A);
    expect(stored.updates).toHaveLength(0);
    expect(again.ydoc.getXmlFragment('default').toString()).toContain('før unload');
  });

  it('folds a log it loads by the same rule as after an edit: a small document’s, not a big one’s few rows', async () => {
    const registry = new DocumentRegistry(t.store, { ...options, compactAfterUpdates: 10 }, log, throttledWarnings(log));
    const big = new Y.Doc();
    appendParagraph(big.getXmlFragment('default'), 'x'.repeat(200_000));
    await t.store.compact(B, Y.encodeStateAsUpdate(big), 0);
    for (let i = 0; i < 12; i++) {
      await t.store.append(A, paragraphUpdate(`liten ${i}`));
      await t.store.append(B, paragraphUpdate(`stor ${i}`));
    }
    await registry.acquire(A);
    await registry.acquire(B);
    expect((await t.store.load(A)).updates).toHaveLength(0);
    // 12 rows of a few bytes against a 200 kB state: folding would write 200 kB to save reading them.
    expect((await t.store.load(B)).updates).toHaveLength(12);
  });
});

describe('presence', () => {
  function stateUpdate(clientId: number, state: unknown, clock = 1): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
    return encoding.toUint8Array(e);
  }

  /** The states a socket joining now is sent, read by y-protocols as a provider reads them. */
  function seenBy(presence: Presence): Map<number, unknown> {
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    const d = decoding.createDecoder(presence.all());
    expect(decoding.readVarUint(d)).toBe(MessageType.AWARENESS);
    awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(d), null);
    seen.setLocalState(null);
    return seen.getStates();
  }

  function setup(limits: PresenceLimits = Limits.awareness) {
    const relayed: Uint8Array[] = [];
    const refused: string[] = [];
    const presence = new Presence(limits, (m) => relayed.push(m), (_c, reason) => refused.push(reason));
    return { presence, relayed, refused };
  }

  it('stamps the signed-in name, and lets a socket speak only for itself', () => {
    const { presence } = setup();
    const a = fakeConnection(A);
    const b = fakeConnection(A);
    presence.receive(a.conn, stateUpdate(1, { user: { name: 'Rektor', color: '#fff' } }));
    expect(seenBy(presence).get(1)).toEqual({ user: { name: a.conn.info.user.name, id: a.conn.info.user.id, standing: 'member', color: '#fff' } });
    presence.receive(b.conn, stateUpdate(1, { user: { name: 'Kapret' } }, 2));
    presence.receive(b.conn, stateUpdate(1, null, 3));
    expect(seenBy(presence).get(1)).toMatchObject({ user: { name: a.conn.info.user.name } });
    presence.remove(a.conn);
    expect(seenBy(presence).has(1)).toBe(false);
  });

  it('leaves out states that are too large, client ids past the per-socket limit, and states past the document’s total', () => {
    const { presence, refused, relayed } = setup({ maxStateBytes: 1000, maxDocumentBytes: 2500, maxClientsPerSocket: 2 });
    const a = fakeConnection(A);
    presence.receive(a.conn, stateUpdate(1, { big: 'x'.repeat(1_000_000) }));
    expect(seenBy(presence).has(1)).toBe(false);
    expect(relayed).toHaveLength(0);
    presence.receive(a.conn, stateUpdate(1, { n: 1 }));
    presence.receive(a.conn, stateUpdate(2, { n: 2 }));
    presence.receive(a.conn, stateUpdate(3, { n: 3 }));
    expect([...seenBy(presence).keys()].toSorted()).toEqual([1, 2]);
    const others = [fakeConnection(A), fakeConnection(A), fakeConnection(A)];
    others.forEach((o, i) => presence.receive(o.conn, stateUpdate(10 + i, { pad: 'y'.repeat(900) })));
    expect(seenBy(presence).has(10)).toBe(true);
    expect(seenBy(presence).has(11)).toBe(true);
    expect(seenBy(presence).has(12)).toBe(false);
    expect(refused).toEqual(['state_too_large', 'too_many_clients', 'document_presence_full']);
    // Once someone leaves, there is room again.
    presence.remove(others[0]!.conn);
    presence.receive(others[2]!.conn, stateUpdate(12, { pad: 'y'.repeat(900) }, 2));
    expect(seenBy(presence).has(12)).toBe(true);
    // What is relayed is what everyone may see: decodable, and without the refused states.
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    for (const m of relayed) {
      const d = decoding.createDecoder(m);
      expect(decoding.readVarUint(d)).toBe(MessageType.AWARENESS);
      awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(d), null);
    }
    expect(JSON.stringify([...seen.getStates().values()])).not.toContain('x'.repeat(1000));
    expect(seen.getStates().has(12)).toBe(true);
  });

  it('drops a state its client stopped renewing for 30 s, as every y-protocols peer does, and tells everyone', () => {
    vi.useFakeTimers();
    try {
      const { presence, relayed } = setup();
      const a = fakeConnection(A);
      const b = fakeConnection(A);
      presence.receive(a.conn, stateUpdate(1, { cursor: 1 }));
      presence.receive(b.conn, stateUpdate(2, { cursor: 2 }));
      vi.advanceTimersByTime(20_000);
      presence.receive(b.conn, stateUpdate(2, { cursor: 3 }, 2));
      vi.advanceTimersByTime(15_000);
      expect([...seenBy(presence).keys()]).toEqual([2]);
      const last = new awarenessProtocol.Awareness(new Y.Doc());
      for (const m of relayed) {
        const d = decoding.createDecoder(m);
        decoding.readVarUint(d);
        awarenessProtocol.applyAwarenessUpdate(last, decoding.readVarUint8Array(d), null);
      }
      expect(last.getStates().has(1)).toBe(false);
      expect(last.getStates().get(2)).toEqual({ cursor: 3 });
      presence.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gathers changes for the relay interval and sends each changed client once, with its latest state', async () => {
    const relayed: Uint8Array[] = [];
    const presence = new Presence(Limits.awareness, (m) => relayed.push(m), () => {}, 30);
    const a = fakeConnection(A);
    const b = fakeConnection(A);
    for (let clock = 1; clock <= 5; clock++) {
      presence.receive(a.conn, stateUpdate(1, { cursor: clock }, clock));
      presence.receive(b.conn, stateUpdate(2, { cursor: clock * 10 }, clock));
    }
    expect(relayed).toHaveLength(0);
    await waitFor(() => relayed.length > 0, 2000, 'presence relayed');
    expect(relayed).toHaveLength(1);
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    const d = decoding.createDecoder(relayed[0]!);
    expect(decoding.readVarUint(d)).toBe(MessageType.AWARENESS);
    awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(d), null);
    expect(seen.getStates().get(1)).toEqual({ cursor: 5 });
    expect(seen.getStates().get(2)).toEqual({ cursor: 50 });
    presence.destroy();
  });
});

describe('refusal logging', () => {
  it('writes one line per key and interval, with how many were left out', () => {
    const lines: Array<Record<string, unknown>> = [];
    const capture: Logger = { ...createLogger('silent'), warn: (_msg, fields) => lines.push(fields ?? {}) };
    const warn = throttledWarnings(capture, 60_000);
    for (let i = 0; i < 1000; i++) warn('read_only:u1:d1', 'refused', { n: i }, 1_000 + i);
    warn('read_only:u2:d1', 'refused', {}, 2_000);
    warn('read_only:u1:d1', 'refused', {}, 70_000);
    expect(lines).toEqual([{ n: 0 }, {}, { suppressed: 999 }]);
  });
});
