/**
 * The sync server against hand-made clients, through real sockets: updates that throw part-way,
 * documents past their limits, oversize presence, connection floods and foreign or missing Origins.
 * Whatever is refused leaves memory, storage and every peer as they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import { createTeamAndDocument } from '../helpers/api';
import { appendParagraph, type Client, closeClientsAndServer, connectSynced, fragmentText, rawSocket, syncUpdateFrame } from '../helpers/clients';
import { deepUpdate, throwingUpdate } from '../helpers/crafted-updates';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  await closeClientsAndServer(clients, server);
  server = null;
});

async function open(documentId: string, cookie: string) {
  const c = await connectSynced(server!.wsUrl, documentId, cookie);
  clients.push(c);
  return c;
}

function awarenessFrame(clientId: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, 1);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

describe('updates refused whole', () => {
  it('an update that throws part-way reaches no peer, no storage and no later joiner; the sender is closed', async () => {
    server = await startTestServer();
    const { documentId, session } = await createTeamAndDocument(server.url);
    const a = await open(documentId, session.cookie);
    appendParagraph(a.fragment, 'før angrepet');
    await waitFor(async () => (await storedDocument(server!.dataDir, documentId)).doc.getXmlFragment('default').toString().includes('før angrepet'));

    const raw = await rawSocket(server.wsUrl, documentId, session.cookie);
    await waitFor(() => raw.messages.length > 0);
    raw.ws.send(syncUpdateFrame(throwingUpdate(31337, 'DELVIS-INNHOLD')));
    expect((await raw.closed).code).toBe(CloseCode.MALFORMED_MESSAGE);
    appendParagraph(a.fragment, 'etter angrepet');
    const late = await open(documentId, session.cookie);
    await waitFor(() => fragmentText(late.fragment).includes('etter angrepet'));
    for (const text of [fragmentText(a.fragment), fragmentText(late.fragment), (await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').toString()]) {
      expect(text).not.toContain('DELVIS');
    }
    expect(fragmentText(late.fragment)).toBe(fragmentText(a.fragment));
  });

  it('refuses a document nested past the depth limit with DOCUMENT_TOO_LARGE, keeping nothing of it', async () => {
    server = await startTestServer();
    const { documentId, session } = await createTeamAndDocument(server.url);
    const a = await open(documentId, session.cookie);
    const before = fragmentText(a.fragment);
    for (const depth of [101, 10_000]) {
      const raw = await rawSocket(server.wsUrl, documentId, session.cookie);
      await waitFor(() => raw.messages.length > 0);
      raw.ws.send(syncUpdateFrame(deepUpdate(a.doc, depth, 'for dypt')));
      expect((await raw.closed).code, `${depth} levels`).toBe(CloseCode.DOCUMENT_TOO_LARGE);
    }
    appendParagraph(a.fragment, 'fortsatt her');
    await waitFor(async () => (await storedDocument(server!.dataDir, documentId)).doc.getXmlFragment('default').toString().includes('fortsatt her'));
    expect((await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').toString()).toBe(`${before}<paragraph>fortsatt her</paragraph>`);
  });
});

describe('presence limits', () => {
  it('does not relay a 1 MiB presence state, to peers or to later joiners', async () => {
    server = await startTestServer();
    const { documentId, session } = await createTeamAndDocument(server.url);
    const a = await open(documentId, session.cookie);
    const raw = await rawSocket(server.wsUrl, documentId, session.cookie);
    await waitFor(() => raw.messages.length > 0);
    for (let i = 0; i < 24; i++) raw.ws.send(awarenessFrame(900 + i, { user: { name: 'x' }, blob: 'x'.repeat(1024 * 1024) }));
    raw.ws.send(awarenessFrame(5000, { user: { name: 'liten' } }));
    await waitFor(() => a.provider.awareness.getStates().has(5000), 10_000, 'the small state');
    expect([...a.provider.awareness.getStates().keys()].filter((id) => id >= 900 && id < 924)).toEqual([]);
    const late = await open(documentId, session.cookie);
    await waitFor(() => late.provider.awareness.getStates().has(5000));
    expect(JSON.stringify([...late.provider.awareness.getStates().values()]).length).toBeLessThan(10_000);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
  });
});

describe('who may open sockets, and how often', () => {
  it('refuses upgrades without an Origin or with the wrong scheme, unless non-browser clients are allowed', async () => {
    server = await startTestServer();
    const { documentId, session } = await createTeamAndDocument(server.url);
    const statusOf = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server!.wsUrl}/${documentId}`, { headers: { cookie: session.cookie, ...headers } });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => resolve(-1));
      });
    const host = new URL(server.url).host;
    expect(await statusOf({})).toBe(403);
    expect(await statusOf({ origin: `https://${host}` })).toBe(403);
    expect(await statusOf({ origin: `http://${host}` })).toBe(101);
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir, env: { ALLOW_SOCKETS_WITHOUT_ORIGIN: 'true' } });
    expect(await statusOf({})).toBe(101);
    expect(await statusOf({ origin: `https://${new URL(server.url).host}` })).toBe(403);
  });

  it('throttles new connections per person, with a close code that means "retry later"', async () => {
    server = await startTestServer({ env: { SOCKET_CONNECTS_PER_USER_PER_MINUTE: '5' } });
    const { documentId, session } = await createTeamAndDocument(server.url);
    const codes: Array<number | 'open'> = [];
    for (let i = 0; i < 8; i++) {
      const raw = await rawSocket(server.wsUrl, documentId, session.cookie);
      const first = await Promise.race([raw.closed.then((c) => c.code), waitFor(() => raw.messages.length > 0).then(() => 'open' as const)]);
      codes.push(first);
      raw.ws.close();
    }
    expect(codes.slice(0, 5)).toEqual(['open', 'open', 'open', 'open', 'open']);
    expect(codes.slice(5)).toEqual([CloseCode.RATE_LIMITED, CloseCode.RATE_LIMITED, CloseCode.RATE_LIMITED]);
    // The server is none the worse.
    await yieldToEventLoop(3);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe('after a refusal the document is still the stored one', () => {
  it('memory, storage and a fresh load agree after refused updates and a restart', async () => {
    server = await startTestServer();
    const dataDir = server.dataDir;
    const { documentId, session } = await createTeamAndDocument(server.url);
    const a = await open(documentId, session.cookie);
    for (let i = 0; i < 5; i++) {
      appendParagraph(a.fragment, `linje ${i}`);
      const raw = await rawSocket(server.wsUrl, documentId, session.cookie);
      await waitFor(() => raw.messages.length > 0);
      raw.ws.send(syncUpdateFrame(throwingUpdate(50_000 + i, `delvis ${i}`)));
      await raw.closed;
    }
    await waitFor(async () => (await storedDocument(dataDir, documentId)).doc.getXmlFragment('default').toString() === fragmentText(a.fragment));
    const held = Y.encodeStateAsUpdate(a.doc);
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    server = await startTestServer({ dataDir });
    const b = await open(documentId, session.cookie);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, held);
    expect(Y.equalSnapshots(Y.snapshot(b.doc), Y.snapshot(peer))).toBe(true);
    expect(fragmentText(b.fragment)).toBe(peer.getXmlFragment('default').toString());
  });
});
