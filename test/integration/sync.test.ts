import { once } from 'node:events';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import { createDocument, createTeamAndDocument } from '../helpers/api';
import {
  appendParagraph,
  browserHeaders,
  type Client,
  connectSynced,
  fragmentText,
  rawSocket,
  readMessageType,
  savedQueryFrame,
  syncUpdateFrame,
} from '../helpers/clients';
import { queryDatabase } from '../helpers/db-files';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { databaseUrlOf, testDatabase } from '../helpers/test-database';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

/**
 * Takes the lock that every write to the server's update log needs, from a connection of the
 * test's own, until the returned function is called: SQLite's write lock on the file, PostgreSQL's
 * lock on the log table against inserts.
 */
async function lockLog(dataDir: string): Promise<() => Promise<void>> {
  const url = databaseUrlOf(dataDir);
  if (!url) {
    const db = new Database(path.join(dataDir, 'fellesrom.sqlite'));
    db.exec('BEGIN IMMEDIATE');
    return async () => {
      db.exec('ROLLBACK');
      db.close();
    };
  }
  const client = new PgClient({ connectionString: await url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE document_updates IN SHARE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

/** A ping answered: whatever the server sent this socket before the pong has arrived. */
async function roundTrip(client: Client): Promise<void> {
  const ws = client.provider.ws as unknown as import('ws').WebSocket;
  const pong = once(ws, 'pong');
  ws.ping();
  await pong;
}

let server: TestServer | null = null;
const clients: Client[] = [];
let cookie = '';

/** A leader's team with one document; later sockets use the leader's cookie. */
async function setup(kind?: Parameters<typeof createTeamAndDocument>[1]) {
  const created = await createTeamAndDocument(server!.url, kind);
  cookie = created.session.cookie;
  return created;
}

async function open(documentId: string): Promise<Client> {
  const client = await connectSynced(server!.wsUrl, documentId, cookie);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
});

describe('sync server', () => {
  it('two clients converge, and a late joiner receives the whole document', async () => {
    server = await startTestServer();
    const { documentId } = await setup('lesson_plan');
    const a = await open(documentId);
    const b = await open(documentId);
    // The template was applied by the server, once.
    expect(fragmentText(a.fragment)).toContain('Undervisningsplan for forskningstimen');
    expect(fragmentText(a.fragment).match(/Undervisningsplan for forskningstimen/g)).toHaveLength(1);

    appendParagraph(a.fragment, 'fra A');
    appendParagraph(b.fragment, 'fra B');
    await waitFor(() => fragmentText(a.fragment) === fragmentText(b.fragment) && fragmentText(a.fragment).includes('fra B'));
    expect(fragmentText(b.fragment)).toContain('fra A');

    const late = await open(documentId);
    expect(fragmentText(late.fragment)).toBe(fragmentText(a.fragment));
  });

  it('stores every update before any peer sees it', async () => {
    server = await startTestServer();
    const { documentId } = await setup();
    const a = await open(documentId);
    const b = await open(documentId);
    const checks: Array<Promise<boolean>> = [];
    // Each time B receives something, a read through a connection of its own, issued then, must
    // find all B has. On SQLite the read runs synchronously inside this handler; on PostgreSQL the
    // query leaves after the receipt. Either could still find a row committed just after it was
    // sent: the next test, which holds the log's lock, is the strict check of the order.
    b.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== b.provider) return;
      const had = Y.encodeStateAsUpdate(b.doc);
      checks.push(storedDocument(server!.dataDir, documentId).then((stored) => Y.snapshotContainsUpdate(Y.snapshot(stored.doc), had)));
    });
    for (let i = 0; i < 30; i++) {
      appendParagraph(a.fragment, `linje ${i}`);
      if (i % 5 === 0) await yieldToEventLoop(5);
    }
    await waitFor(() => fragmentText(b.fragment).includes('linje 29'));
    expect(checks.length).toBeGreaterThan(0);
    expect((await Promise.all(checks)).every(Boolean)).toBe(true);
  });

  it('sends no peer an update while it cannot be committed, and sends it once it is', async () => {
    // SQLite: the log's writer thread waits for the lock while the server goes on answering.
    server = await startTestServer(testDatabase === 'sqlite' ? { env: { SQLITE_LOG_WRITER: 'worker' } } : {});
    const { documentId } = await setup();
    const a = await open(documentId);
    const b = await open(documentId);
    const release = await lockLog(server.dataDir);
    try {
      appendParagraph(a.fragment, 'holdt tilbake');
      // A's pong follows A's update through the server; B's pong follows anything sent to B before it.
      await roundTrip(a);
      await roundTrip(b);
      expect(fragmentText(b.fragment)).not.toContain('holdt tilbake');
    } finally {
      await release();
    }
    await waitFor(() => fragmentText(b.fragment).includes('holdt tilbake'), 10_000, 'the update at B once it could be committed');
    expect((await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').toString()).toContain('holdt tilbake');
  });

  it('keeps content across a clean restart', async () => {
    server = await startTestServer();
    const dataDir = server.dataDir;
    const { documentId } = await setup();
    const a = await open(documentId);
    appendParagraph(a.fragment, 'før omstart');
    const before = fragmentText(a.fragment);
    await waitFor(async () => (await storedDocument(dataDir, documentId)).doc.getXmlFragment('default').toString() === before);
    a.destroy();
    clients.splice(0);
    await server.close();

    server = await startTestServer({ dataDir });
    const b = await open(documentId);
    expect(fragmentText(b.fragment)).toBe(before);
  });

  it('folds the log into one state without changing the content', async () => {
    server = await startTestServer({ env: { COMPACT_AFTER_UPDATES: '20' } });
    const { documentId } = await setup();
    const a = await open(documentId);
    for (let i = 0; i < 95; i++) {
      appendParagraph(a.fragment, `avsnitt ${i}`);
      await yieldToEventLoop();
    }
    const expected = fragmentText(a.fragment);
    // Each fold runs after the commit that made it due, so the last one may still be under way
    // when the content is stored: wait for it rather than read in the middle.
    const whileOpen = await waitFor(async () => {
      const stored = await storedDocument(server!.dataDir, documentId);
      return stored.doc.getXmlFragment('default').toString() === expected && stored.logRows < 20 ? stored : null;
    }, 10_000, 'stored and folded while open');
    expect(whileOpen.hasState).toBe(true);

    a.destroy();
    clients.splice(0);
    await waitFor(() => server!.sync.openDocumentCount === 0, 5000, 'unload');
    // The document leaves the open count as its unload begins; the fold is stored after.
    const afterUnload = await waitFor(async () => {
      const stored = await storedDocument(server!.dataDir, documentId);
      return stored.logRows === 0 ? stored : null;
    }, 10_000, 'folded on unload');
    expect(afterUnload.doc.getXmlFragment('default').toString()).toBe(expected);
    const b = await open(documentId);
    expect(fragmentText(b.fragment)).toBe(expected);
  });

  it('unloads documents after the last client leaves', async () => {
    server = await startTestServer();
    const one = await setup();
    const two = { documentId: await createDocument(one.session, one.teamId) };
    const a = await open(one.documentId);
    const b = await open(one.documentId);
    const c = await open(two.documentId);
    expect(server.sync.openDocumentCount).toBe(2);
    a.destroy();
    // Long enough for an unload to happen: the other document, left by its only client, unloads.
    c.destroy();
    await waitFor(() => server!.sync.openDocumentCount === 1, 5000, 'the other document to unload');
    expect(server.sync.connectionCount).toBe(1); // b is still there, and so is its document
    b.destroy();
    clients.splice(0);
    await waitFor(() => server!.sync.openDocumentCount === 0, 5000, 'unload');
    expect(server.sync.connectionCount).toBe(0);
  });

  it('loads a document once when many clients connect at the same moment', async () => {
    server = await startTestServer();
    const { documentId } = await setup('reflection');
    const many = await Promise.all(Array.from({ length: 8 }, () => open(documentId)));
    const texts = new Set(many.map((c) => fragmentText(c.fragment)));
    expect(texts.size).toBe(1);
    expect([...texts][0]!.match(/Refleksjon etter forskningstimen/g)).toHaveLength(1);
    expect(server.sync.openDocumentCount).toBe(1);
  });

  it('closes only the sender on malformed, text and oversize frames', async () => {
    server = await startTestServer({ env: { MAX_FRAME_BYTES: '65536' } });
    const { documentId } = await setup();
    const a = await open(documentId);
    const b = await open(documentId);
    appendParagraph(a.fragment, 'trygg tekst');
    await waitFor(() => fragmentText(b.fragment).includes('trygg tekst'));
    const before = fragmentText(a.fragment);

    const cases: Array<{ frame: Uint8Array | string; code: number }> = [
      { frame: syncUpdateFrame(new Uint8Array([1, 2, 250, 3, 7, 7, 7])), code: CloseCode.MALFORMED_MESSAGE },
      { frame: new Uint8Array([MessageType.SYNC, 9, 1]), code: CloseCode.MALFORMED_MESSAGE },
      { frame: new Uint8Array([77]), code: CloseCode.MALFORMED_MESSAGE },
      { frame: new Uint8Array([MessageType.AWARENESS, 3, 1, 2]), code: CloseCode.MALFORMED_MESSAGE },
      { frame: 'hei', code: CloseCode.UNSUPPORTED_DATA },
      { frame: new Uint8Array(70_000), code: CloseCode.MESSAGE_TOO_BIG },
    ];
    for (const { frame, code } of cases) {
      const raw = await rawSocket(server.wsUrl, documentId, cookie);
      await waitFor(() => raw.messages.length > 0, 5000, 'sync step 1 from server');
      raw.ws.send(frame);
      expect((await raw.closed).code).toBe(code);
    }

    // The document and the other connections are unharmed.
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    appendParagraph(b.fragment, 'etterpå');
    await waitFor(() => fragmentText(a.fragment).includes('etterpå'));
    expect(fragmentText(a.fragment)).toBe(`${before}<paragraph>etterpå</paragraph>`);
    const stored = await storedDocument(server.dataDir, documentId);
    expect(stored.doc.getXmlFragment('default').toString()).toBe(fragmentText(a.fragment));
  });

  it('ends a refused socket that sends an oversize frame while it is being closed, and stays up', async () => {
    server = await startTestServer({ env: { MAX_FRAME_BYTES: '65536' } });
    const { documentId } = await setup();
    // No cookie: accepted only to be closed with UNAUTHENTICATED, before the sync server takes it.
    // The frame is sent as soon as the socket opens, so it reaches a socket the server is closing.
    const ws = new WebSocket(`${server.wsUrl}/${documentId}`, { headers: browserHeaders(server.wsUrl) });
    ws.on('error', () => {});
    ws.once('open', () => ws.send(new Uint8Array(70_000)));
    const [code] = (await once(ws, 'close')) as [number];
    expect([CloseCode.UNAUTHENTICATED, CloseCode.MESSAGE_TOO_BIG]).toContain(code);

    const a = await open(documentId);
    appendParagraph(a.fragment, 'fortsatt oppe');
    const b = await open(documentId);
    await waitFor(() => fragmentText(b.fragment).includes('fortsatt oppe'));
  });

  it('answers "saved" only after everything sent before is stored', async () => {
    server = await startTestServer();
    const { documentId } = await setup();
    const raw = await rawSocket(server.wsUrl, documentId, cookie);
    await waitFor(() => raw.messages.length > 0);
    const doc = new Y.Doc();
    appendParagraph(doc.getXmlFragment('default'), 'lagret?');
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(doc)));
    raw.ws.send(savedQueryFrame(7));
    const reply = await waitFor(() => raw.messages.map(readMessageType).find((m) => m.type === MessageType.SAVED));
    expect(reply.decoder.arr[reply.decoder.pos]).toBe(7);
    const stored = await storedDocument(server.dataDir, documentId);
    expect(stored.doc.getXmlFragment('default').toString()).toContain('lagret?');
    raw.ws.close();
  });

  it('relays awareness under the account name, and clears it when a connection drops', async () => {
    server = await startTestServer();
    const { documentId } = await setup();
    const a = await open(documentId);
    const b = await open(documentId);
    // A client cannot present itself as someone else: the server stamps the signed-in name.
    a.provider.awareness.setLocalStateField('user', { name: 'Rektor', color: '#b3261e' });
    const seen = await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user as { name: string; color: string });
    expect(seen).toMatchObject({ name: 'Lise Leder', color: '#b3261e' });
    // A drops without saying goodbye: the server clears its presence for B.
    (a.provider.ws as unknown as import('ws').WebSocket).terminate();
    (a.provider as unknown as { shouldConnect: boolean }).shouldConnect = false;
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness removal');
  });

  it('writes nothing for a document deleted behind its back (by an instance it never heard from), and closes its sockets as deleted', async () => {
    server = await startTestServer();
    const { documentId } = await setup();
    const raw = await rawSocket(server.wsUrl, documentId, cookie);
    await waitFor(() => raw.messages.length > 0, 5000, 'sync step 1 from server');
    await queryDatabase(server.dataDir, 'delete from documents where id = ?', documentId);
    const doc = new Y.Doc();
    appendParagraph(doc.getXmlFragment('default'), 'etter slettingen');
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(doc)));
    // As deleted (terminal: the client stops reconnecting and says so), not as a storage failure to retry.
    expect((await raw.closed).code).toBe(CloseCode.DELETED);
    const [log] = await queryDatabase<{ n: number }>(server.dataDir, 'select count(*) as n from document_updates where document_id = ?', documentId);
    expect(Number(log!.n)).toBe(0);
    // Reconnecting finds it gone.
    expect((await (await rawSocket(server.wsUrl, documentId, cookie)).closed).code).toBe(CloseCode.NOT_FOUND);
  });

  it('refuses unknown documents with a close code and never loads them', async () => {
    server = await startTestServer();
    await setup();
    const raw = await rawSocket(server.wsUrl, 'AAAAAAAAAAAAAAAAAAAAAA', cookie);
    expect((await raw.closed).code).toBe(CloseCode.NOT_FOUND);
    expect(raw.messages).toHaveLength(0);
    const bad = await rawSocket(server.wsUrl, '..%2F..%2Fetc', cookie);
    expect((await bad.closed).code).toBe(CloseCode.NOT_FOUND);
    expect(server.sync.openDocumentCount).toBe(0);
  });

  it('closes with LOAD_FAILED and leaves stored data untouched when it cannot be read', async () => {
    server = await startTestServer();
    const { documentId } = await setup();
    const broken = Buffer.from([1, 1, 200, 200, 1, 0, 4, 1, 250, 250]);
    await queryDatabase(server.dataDir, 'update document_states set state = ? where document_id = ?', broken, documentId);

    const raw = await rawSocket(server.wsUrl, documentId, cookie);
    expect((await raw.closed).code).toBe(CloseCode.LOAD_FAILED);
    expect(raw.messages).toHaveLength(0);
    await waitFor(() => server!.sync.openDocumentCount === 0, 5000, 'the failed load to be forgotten');
    const [row] = await queryDatabase<{ state: Buffer }>(server.dataDir, 'select state from document_states where document_id = ?', documentId);
    const [logRows] = await queryDatabase<{ n: number }>(server.dataDir, 'select count(*) as n from document_updates where document_id = ?', documentId);
    expect(Buffer.compare(row!.state, broken)).toBe(0);
    expect(Number(logRows!.n)).toBe(0);
    expect(server.sync.openDocumentCount).toBe(0);
  });
});
