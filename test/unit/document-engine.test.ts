/**
 * The per-document engine on its own: a real SQLite store, stand-in sockets. Apply → persist →
 * broadcast, all or nothing, within the document's limits.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { Limits } from '../../shared/limits';
import { MessageType } from '../../shared/protocol';
import { createLogger, throttledWarnings } from '../../server/log';
import { DocumentEngine, type EngineOptions, MERGE_AT_MOST, type Refusal, UpdateRefused } from '../../server/sync/document-engine';
import { appendParagraph, syncUpdateFrame } from '../helpers/clients';
import { deepUpdate, deleteFirstUpdate, pendingUpdate, throwingUpdate } from '../helpers/crafted-updates';
import { fakeConnection, testStore } from '../helpers/sync-units';
import { waitFor } from '../helpers/wait';

const ID = 'doc-engine-0000000000';
let t: ReturnType<typeof testStore>;
const refusals: Refusal[] = [];
const options: EngineOptions = {
  compactAfterUpdates: 10_000,
  unloadGraceMs: 10,
  changeReportMs: 60_000,
  limits: Limits.document,
  presence: Limits.awareness,
  hooks: {
    refused: (reason) => {
      refusals.push(reason);
    },
    broadcast: () => {},
  },
};
const log = createLogger('silent');

beforeEach(async () => {
  t = await testStore([ID]);
  refusals.length = 0;
});
afterEach(() => t.close());

async function engine(overrides: Partial<EngineOptions> = {}) {
  return new DocumentEngine(ID, await t.store.load(ID), t.store, { ...options, ...overrides }, log, throttledWarnings(log), {
    idle: () => {},
    failed: () => {},
  });
}

/** An engine with two sockets on it. */
async function engineWithPeers() {
  const e = await engine();
  const a = fakeConnection(ID);
  const b = fakeConnection(ID);
  e.add(a.conn);
  e.add(b.conn);
  return [e, a, b] as const;
}

/** An update that appends a paragraph with `text` to `base`'s content. */
function edit(base: Y.Doc, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const sv = Y.encodeStateVector(doc);
  appendParagraph(doc.getXmlFragment('default'), text);
  const update = Y.encodeStateAsUpdate(doc, sv);
  doc.destroy();
  return update;
}

const text = (doc: Y.Doc) => doc.getXmlFragment('default').toString();
const sameDocument = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) && text(a) === text(b);

const FROM_SERVER = Symbol('from the server');

/**
 * A peer as y-websocket runs one: each of its own transactions is sent to the engine as it
 * happens (unless `lost` says the frame never arrives), and what the engine sent it is applied
 * only when `deliver()` says it arrived.
 */
function peer(e: DocumentEngine, { conn, ws }: ReturnType<typeof fakeConnection>) {
  const doc = new Y.Doc();
  const state = { lost: false, delivered: 0 };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_SERVER && !state.lost) e.handle(conn, syncUpdateFrame(update));
  });
  return {
    doc,
    state,
    /** The first (and only) paragraph's text. */
    get text() {
      return (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    },
    get undelivered() {
      return ws.sent.length > state.delivered;
    },
    deliver() {
      for (const message of ws.sent.slice(state.delivered)) {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) !== MessageType.SYNC) continue;
        if (decoding.readVarUint(decoder) === 0) continue;
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), FROM_SERVER);
      }
      state.delivered = ws.sent.length;
    },
  };
}

describe('the document engine', () => {
  it('stores a peer’s update before any other peer is sent it, and does not echo it to the sender', async () => {
    const [e, a, b] = await engineWithPeers();
    // Each time B is sent an update, SQLite must already hold it.
    const storedFirst: boolean[] = [];
    const send = b.ws.send.bind(b.ws);
    b.ws.send = (m: Uint8Array) => {
      send(m);
      const received = new Y.Doc();
      b.ws.applyTo(received);
      storedFirst.push(Y.snapshotContainsUpdate(Y.snapshot(t.storedNow(ID)), Y.encodeStateAsUpdate(received)));
    };
    const before = a.ws.sent.length;
    for (const word of ['første', 'andre', 'tredje']) e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, word)));
    await e.settled();
    expect(storedFirst.length).toBeGreaterThan(0);
    expect(storedFirst.every(Boolean)).toBe(true);
    const peer = new Y.Doc();
    b.ws.applyTo(peer);
    expect(text(peer)).toBe(text(e.ydoc));
    expect(text(peer)).toContain('tredje');
    expect(a.ws.sent.length).toBe(before);
  });

  it('stores and sends a peer’s update as it arrived, not as Yjs would encode it again; one that changes nothing, not at all', async () => {
    const [e, a, b] = await engineWithPeers();
    const first = edit(e.ydoc, 'første');
    e.handle(a.conn, syncUpdateFrame(first));
    await e.settled();
    // A client's update that carries an edit the server has already (a resend merged with a new
    // one): Yjs skips the known part, and would encode only the new one.
    const resent = Y.mergeUpdates([first, edit(e.ydoc, 'andre')]);
    const reencoded = (() => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(e.ydoc));
      let emitted: Uint8Array | null = null;
      copy.on('update', (u: Uint8Array) => (emitted = u));
      Y.applyUpdate(copy, resent);
      return emitted!;
    })();
    expect(reencoded.length).toBeLessThan(resent.length);
    const sentBefore = b.ws.sent.length;
    e.handle(a.conn, syncUpdateFrame(resent));
    await e.settled();
    const rows = t.sqlite.prepare('select "update" as u from document_updates where document_id = ? order by seq').all(ID) as Array<{ u: Buffer }>;
    expect(Buffer.from(rows.at(-1)!.u).equals(Buffer.from(resent))).toBe(true);
    expect(b.ws.sent.length).toBe(sentBefore + 1);
    expect(Buffer.from(b.ws.sent.at(-1)!).equals(Buffer.from(syncUpdateFrame(resent)))).toBe(true);
    // Sent again as it is, nothing is new: nothing stored, nothing sent.
    e.handle(a.conn, syncUpdateFrame(resent));
    await e.settled();
    expect((t.sqlite.prepare('select count(*) as n from document_updates where document_id = ?').get(ID) as { n: number }).n).toBe(rows.length);
    expect(b.ws.sent.length).toBe(sentBefore + 1);
    expect(text(t.storedNow(ID))).toBe(text(e.ydoc));
    expect(text(e.ydoc)).toContain('andre');
  });

  it('sends what one commit stored in frames of at most MERGE_AT_MOST updates, in order, all of it', async () => {
    const [e, a, b] = await engineWithPeers();
    await e.settled();
    const before = b.ws.sent.length;
    // 100 edits in one turn share one commit, so they are broadcast together.
    for (let i = 0; i < 100; i++) e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, `avsnitt ${i}`)));
    await e.settled();
    expect(b.ws.sent.length - before).toBe(Math.ceil(100 / MERGE_AT_MOST));
    const peer = new Y.Doc();
    b.ws.applyTo(peer);
    expect(text(peer)).toBe(text(e.ydoc));
    expect(text(peer)).toContain('avsnitt 99');
  });

  it('keeps nothing of an update that throws part-way: not in memory, not stored, not sent; the sender is closed', async () => {
    const [e, a, b] = await engineWithPeers();
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'trygg')));
    await e.settled();
    const sentBefore = b.ws.sent.length;

    e.handle(a.conn, syncUpdateFrame(throwingUpdate(424242, 'delvis')));
    expect(a.ws.closedWith?.code).toBe(CloseCode.MALFORMED_MESSAGE);
    expect(refusals).toEqual(['partial_apply']);
    // Another peer's edit arrives while the document is read again: it waits, then counts.
    e.handle(b.conn, syncUpdateFrame(edit(e.ydoc, 'etterpå')));
    await e.settled();
    expect(text(e.ydoc)).not.toContain('delvis');
    expect(text(e.ydoc)).toContain('etterpå');
    expect(sameDocument(e.ydoc, await t.stored(ID))).toBe(true);
    expect(b.ws.sent.length).toBe(sentBefore);
    const late = fakeConnection(ID);
    e.add(late.conn);
    e.handle(late.conn, (() => {
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, MessageType.SYNC);
      encoding.writeVarUint(enc, 0);
      encoding.writeVarUint8Array(enc, Y.encodeStateVector(new Y.Doc()));
      return encoding.toUint8Array(enc);
    })());
    await e.settled();
    const joiner = new Y.Doc();
    late.ws.applyTo(joiner);
    expect(sameDocument(joiner, await t.stored(ID))).toBe(true);
  });

  it('keeps nothing of a deletion that overflows Yjs’s own recursion (no update event at all)', async () => {
    // A document stored before limits existed: 10,000 levels deep.
    await t.store.append(ID, deepUpdate(new Y.Doc(), 10_000, 'bunn'));
    const e = await engine();
    const a = fakeConnection(ID);
    e.add(a.conn);
    e.handle(a.conn, syncUpdateFrame(deleteFirstUpdate(e.ydoc)));
    expect(a.ws.closedWith?.code).toBe(CloseCode.MALFORMED_MESSAGE);
    await e.settled();
    // Memory is what the store holds: the deletion half-done in memory is gone.
    expect(e.ydoc.getXmlFragment('default').length).toBe(1);
    expect(Y.equalSnapshots(Y.snapshot(e.ydoc), Y.snapshot(await t.stored(ID)))).toBe(true);
  });

  it('refuses, before keeping anything, updates past the depth, attribute and size limits, and subdocuments', async () => {
    const e = await engine({ limits: { maxDepth: 20, maxAttributeBytes: 1000, maxBytes: 200_000 } });
    const cases: Array<[string, Uint8Array, Refusal]> = [
      ['21 levels', deepUpdate(e.ydoc, 21, 'for dypt'), 'depth'],
      [
        'a 2 kB attribute',
        (() => {
          const d = new Y.Doc();
          const p = new Y.XmlElement('paragraph');
          p.setAttribute('hint', 'x'.repeat(2000));
          d.getXmlFragment('default').insert(0, [p]);
          return Y.encodeStateAsUpdate(d);
        })(),
        'attribute',
      ],
      [
        'a subdocument',
        (() => {
          const d = new Y.Doc();
          d.getMap('m').set('sub', new Y.Doc());
          return Y.encodeStateAsUpdate(d);
        })(),
        'subdocument',
      ],
      ['300 kB of text', edit(e.ydoc, 'y'.repeat(300_000)), 'size'],
    ];
    for (const [label, update, reason] of cases) {
      const a = fakeConnection(ID);
      e.add(a.conn);
      e.handle(a.conn, syncUpdateFrame(update));
      expect(a.ws.closedWith?.code, label).toBe(CloseCode.DOCUMENT_TOO_LARGE);
      expect(refusals.at(-1), label).toBe(reason);
      await e.settled();
      expect(text(e.ydoc), label).toBe('');
    }
    expect(text(await t.stored(ID))).toBe('');
    // Exactly at the limit is fine: 19 elements and the text inside the innermost.
    const ok = fakeConnection(ID);
    e.add(ok.conn);
    e.handle(ok.conn, syncUpdateFrame(deepUpdate(e.ydoc, 19, 'akkurat')));
    await e.settled();
    expect(ok.ws.closedWith).toBeNull();
    expect(text(await t.stored(ID))).toContain('akkurat');
  });

  it('sends the deletions of Yjs’s formatting cleanup to every peer also when an update waits for a missing struct', async () => {
    const [e, connA, connB] = await engineWithPeers();
    const a = peer(e, connA);
    const b = peer(e, connB);
    const connC = fakeConnection(ID);
    e.add(connC.conn);
    const c = peer(e, connC);
    Y.transact(a.doc, () => {
      const paragraph = new Y.XmlElement('paragraph');
      a.doc.getXmlFragment('default').insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText()]);
      a.text.insert(0, 'hvor');
      a.text.insert(4, 'for', { italic: {} });
    });
    await e.settled();
    b.deliver();
    // B writes an italic X between the h and the v; A has not seen it yet ...
    b.text.insert(1, 'X', { italic: {} });
    // ... when it types a "!" whose frame is lost on a reconnect, then, on the new socket, types
    // on after it and deletes "vor". The server holds that change's text aside (it follows the
    // lost "!"), but applies its deletion, which leaves the end of X's italic and the start of
    // "for"'s with nothing between them: Yjs on the server deletes the one that is not needed,
    // in a transaction of its own.
    a.state.lost = true;
    a.text.insert(7, '!');
    a.state.lost = false;
    Y.transact(a.doc, () => {
      a.text.insert(8, '?');
      a.text.delete(1, 3);
    });
    await e.settled();
    // A's sync step 2 after the reconnect brings the "!", and with it the text held aside.
    e.handle(connA.conn, syncUpdateFrame(Y.encodeStateAsUpdate(a.doc)));
    await e.settled();
    // Everything arrives, and what the peers send in turn (their own cleanups), until all is quiet.
    const peers = [a, b, c];
    while (peers.some((p) => p.undelivered)) {
      for (const p of peers) p.deliver();
      await e.settled();
    }
    expect(text(e.ydoc)).toBe('<paragraph>h<italic>X</italic><italic>for!?</italic></paragraph>');
    expect(sameDocument(await t.stored(ID), e.ydoc)).toBe(true);
    // A made its change without B's X, and C was sent the two in one frame: neither copy makes
    // the server's cleanup itself. (B, which applied A's change on top of its X, does.)
    expect(sameDocument(a.doc, e.ydoc)).toBe(true);
    expect(sameDocument(c.doc, e.ydoc)).toBe(true);
    expect(sameDocument(b.doc, e.ydoc)).toBe(true);
  });

  it('stores an update that waits for a missing struct as received, so a reload is the same document', async () => {
    const e = await engine();
    const a = fakeConnection(ID);
    e.add(a.conn);
    const { update, missing } = pendingUpdate(777, 'venter');
    e.handle(a.conn, syncUpdateFrame(update));
    await e.settled();
    const reloaded = await engine();
    expect(Buffer.from(Y.encodeStateAsUpdate(reloaded.ydoc))).toEqual(Buffer.from(Y.encodeStateAsUpdate(e.ydoc)));
    e.handle(a.conn, syncUpdateFrame(missing));
    await e.settled();
    expect(text(e.ydoc)).toBe('venter');
    expect(text(await t.stored(ID))).toBe('venter');
  });

  it('tells a read-only socket its update was refused, and changes nothing', async () => {
    const e = await engine();
    const reader = fakeConnection(ID, 'read');
    e.add(reader.conn);
    e.handle(reader.conn, syncUpdateFrame(edit(e.ydoc, 'lurt inn')));
    await e.settled();
    expect(reader.ws.ofType(MessageType.AUTH)).toHaveLength(1);
    expect(reader.ws.closedWith).toBeNull();
    expect(text(e.ydoc)).toBe('');
    expect(refusals).toEqual(['read_only']);
  });

  it('rolls back a server change that throws, and reports it', async () => {
    const e = await engine();
    await e.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), 'først'));
    await expect(
      e.serverChange((doc) => {
        appendParagraph(doc.getXmlFragment('default'), 'halvveis');
        throw new Error('midt i');
      }),
    ).rejects.toBeInstanceOf(UpdateRefused);
    await e.settled();
    expect(text(e.ydoc)).toContain('først');
    expect(text(e.ydoc)).not.toContain('halvveis');
    expect(sameDocument(e.ydoc, await t.stored(ID))).toBe(true);
  });

  it('a refused update among the frames held during a reload: the frames after it wait for the next reload, none is lost', async () => {
    const [e, a, b] = await engineWithPeers();
    const [c, d] = [fakeConnection(ID), fakeConnection(ID)];
    e.add(c.conn);
    e.add(d.conn);
    e.handle(c.conn, syncUpdateFrame(edit(e.ydoc, 'før')));
    await e.settled();
    const honest = edit(e.ydoc, 'ærlig');
    e.handle(a.conn, syncUpdateFrame(throwingUpdate(616161, 'delvis')));
    // Both arrive while the document is read again: held, then handled in order. The first is
    // refused too and starts another reload; the honest edit after it must wait for that one.
    e.handle(b.conn, syncUpdateFrame(throwingUpdate(626262, 'delvis')));
    e.handle(c.conn, syncUpdateFrame(honest));
    await e.settled();
    expect(refusals).toEqual(['partial_apply', 'partial_apply']);
    expect(text(e.ydoc)).toContain('ærlig');
    expect(text(e.ydoc)).not.toContain('delvis');
    expect(sameDocument(e.ydoc, await t.stored(ID))).toBe(true);
    // And the peer still on the document was sent it.
    const other = new Y.Doc();
    d.ws.applyTo(other);
    expect(text(other)).toBe(text(e.ydoc));
  });

  it('a deletion while the document is read again after a refused update: sockets closed with its code, nothing more stored or sent', async () => {
    const [e, a, b] = await engineWithPeers();
    e.handle(b.conn, syncUpdateFrame(edit(e.ydoc, 'lagret')));
    await e.settled();
    const rows = () => (t.sqlite.prepare('select count(*) as n from document_updates where document_id = ?').get(ID) as { n: number }).n;
    const rowsBefore = rows();
    const sentBefore = b.ws.sent.length;
    e.handle(a.conn, syncUpdateFrame(throwingUpdate(535353, 'delvis')));
    // Arrives while the reload runs: it must wait, and then never be applied.
    e.handle(b.conn, syncUpdateFrame(edit(e.ydoc, 'for sent')));
    await e.discard(CloseCode.DELETED, 'deleted');
    expect(b.ws.closedWith?.code).toBe(CloseCode.DELETED);
    expect(e.isUnloaded).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows()).toBe(rowsBefore);
    expect(b.ws.sent.length).toBe(sentBefore);
    // A socket that reaches the engine afterwards is closed at once, with the same code.
    const late = fakeConnection(ID);
    e.add(late.conn);
    expect(late.ws.closedWith?.code).toBe(CloseCode.DELETED);
  });
});

describe('folding the log', () => {
  /** Rows in the log now (a fold empties it). */
  const rows = () => (t.sqlite.prepare('select count(*) from document_updates where document_id = ?').pluck().get(ID) as number);

  it('folds after compactAfterUpdates rows, but a big document only once the log holds an eighth of its size, or 8× the rows', async () => {
    // A small document: 10 rows fold it.
    const small = await engine({ compactAfterUpdates: 10 });
    for (let i = 0; i < 10; i++) await small.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), `rad ${i}`));
    await small.settled();
    await waitFor(() => rows() === 0, 5000, 'the small document folded');
    await small.unload();

    // 200 kB stored: 10 rows of a few dozen bytes are far from an eighth of that.
    const big = await engine({ compactAfterUpdates: 10 });
    await big.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), 'x'.repeat(200_000)));
    await big.compact();
    expect(rows()).toBe(0);
    for (let i = 0; i < 79; i++) await big.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), `rad ${i}`));
    await big.settled();
    expect(rows()).toBe(79);
    // The 80th row (8 × 10) folds it whatever its size.
    await big.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), 'rad 79'));
    await big.settled();
    await waitFor(() => rows() === 0, 5000, 'the big document folded at 8× the rows');
    // And rows that together hold an eighth of its size fold it sooner.
    for (let i = 0; i < 10; i++) await big.serverChange((doc) => appendParagraph(doc.getXmlFragment('default'), 'y'.repeat(2_600)));
    await big.settled();
    await waitFor(() => rows() === 0, 5000, 'the big document folded at an eighth of its size');
    await big.unload();
  });

  it('reports edits every changeReportMs, and the text for search at once after a pause, then at most every textReportMs, and always last', async () => {
    const reports: Array<{ edited: boolean; text: boolean; content: string; at: number }> = [];
    const e = await engine({
      changeReportMs: 20,
      textReportMs: 1_000,
      onChange: (c) => {
        reports.push({ edited: c.edited, text: c.text, content: text(c.doc), at: performance.now() });
      },
    });
    const a = fakeConnection(ID);
    e.add(a.conn);
    const next = async (n: number) => {
      await waitFor(() => reports.length >= n, 5000, `report ${n}`);
      expect(reports.length).toBe(n);
      return reports[n - 1]!;
    };
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'første')));
    expect(await next(1)).toMatchObject({ edited: true, text: true });
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'andre')));
    expect(await next(2)).toMatchObject({ edited: true, text: false });
    // Nobody edits any more: the text's turn comes on its own, with what the document says then.
    const third = await next(3);
    expect(third).toMatchObject({ edited: false, text: true });
    expect(third.content).toContain('andre');
    expect(third.at - reports[0]!.at).toBeGreaterThanOrEqual(990);
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'tredje')));
    expect(await next(4)).toMatchObject({ edited: true, text: false });
    // The document closes before the text's turn: its last report carries the text.
    e.remove(a.conn);
    await e.unload();
    const last = await next(5);
    expect(last).toMatchObject({ edited: false, text: true });
    expect(last.content).toContain('tredje');
  });
});

describe('resting: an open document nobody needs is held as its encoded state', () => {
  /** Sync step 1 from a peer with nothing (an empty state vector). */
  const step1 = () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.SYNC);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
    return encoding.toUint8Array(encoder);
  };

  /** An engine whose reports come at once, with one edit in it, reported and stored. */
  async function editedEngine() {
    let reports = 0;
    const e = await engine({ changeReportMs: 5, onChange: () => void reports++ });
    const a = fakeConnection(ID);
    e.add(a.conn);
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'hvilende plan')));
    await waitFor(() => reports >= 1, 5000, 'the edit reported');
    await e.settled();
    return { e, a, reports: () => reports };
  }

  it('rests on the second quiet sweep, answers a joiner and takes an edit after, the same document as stored', async () => {
    const { e, a } = await editedEngine();
    e.restIfQuiet(); // touched since the load: only noted
    expect(e.isResting).toBe(false);
    e.restIfQuiet();
    expect(e.isResting).toBe(true);

    // A joiner's sync step 1 wakes it and is answered with everything.
    const b = fakeConnection(ID);
    e.add(b.conn);
    e.handle(b.conn, step1());
    await e.settled();
    expect(e.isResting).toBe(false);
    const joined = new Y.Doc();
    b.ws.applyTo(joined);
    expect(text(joined)).toContain('hvilende plan');

    // Rests again, then an edit wakes it: stored and sent to the other peer as always.
    e.restIfQuiet();
    e.restIfQuiet();
    expect(e.isResting).toBe(true);
    const sentToB = b.ws.sent.length;
    e.handle(a.conn, syncUpdateFrame(edit(await t.stored(ID), 'etter hvilen')));
    await e.settled();
    expect(b.ws.sent.length).toBeGreaterThan(sentToB);
    b.ws.applyTo(joined);
    expect(text(joined)).toContain('etter hvilen');
    expect(sameDocument(e.ydoc, await t.stored(ID))).toBe(true);
    expect(sameDocument(joined, e.ydoc)).toBe(true);
  });

  it('lets go of its Yjs objects while it rests', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const { e } = await editedEngine();
    const awake = new WeakRef(e.ydoc);
    e.restIfQuiet();
    e.restIfQuiet();
    expect(e.isResting).toBe(true);
    // A WeakRef's target lives at least until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(awake.deref()).toBeUndefined();
  });

  it('stays awake while anything waits: a report, an update waiting for a missing struct', async () => {
    const e = await engine({ changeReportMs: 60_000 });
    const a = fakeConnection(ID);
    e.add(a.conn);
    e.handle(a.conn, syncUpdateFrame(edit(e.ydoc, 'ikke rapportert')));
    await e.settled();
    e.restIfQuiet();
    e.restIfQuiet();
    expect(e.isResting).toBe(false); // its change report is still due

    const { e: other, a: peerA, reports } = await editedEngine();
    const { update } = pendingUpdate(778, 'venter');
    other.handle(peerA.conn, syncUpdateFrame(update));
    await waitFor(() => reports() >= 2, 5000, 'the waiting update reported');
    await other.settled();
    other.restIfQuiet();
    other.restIfQuiet();
    other.restIfQuiet();
    expect(other.isResting).toBe(false); // Yjs holds structs aside for it
    e.remove(a.conn);
    await e.unload();
  });

  it('unloads from its bytes: the fold stores what every peer had, and the next load reads it', async () => {
    const { e, a } = await editedEngine();
    const before = Y.encodeStateAsUpdate(e.ydoc);
    e.restIfQuiet();
    e.restIfQuiet();
    expect(e.isResting).toBe(true);
    e.remove(a.conn);
    await e.unload();
    const rowsLeft = t.sqlite.prepare('select count(*) from document_updates where document_id = ?').pluck().get(ID);
    expect(rowsLeft).toBe(0);
    const reloaded = await engine();
    expect(text(reloaded.ydoc)).toContain('hvilende plan');
    const original = new Y.Doc();
    Y.applyUpdate(original, before);
    expect(sameDocument(reloaded.ydoc, original)).toBe(true);
  });
});
