import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { MessageType, READ_ONLY_REASON, SUGGEST_ONLY_REASON } from '../../shared/protocol';
import { addMember, createDocument, type Session, signUp, teamLeader } from '../helpers/api';
import {
  appendParagraph,
  type Client,
  connectClient,
  connectSynced,
  fragmentText,
  rawSocket,
  browserHeaders,
  readMessageType,
  syncUpdateFrame,
  whenRefused,
  whenStored,
} from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

let server: TestServer;
let leader: Session;
let teamId: string;
let documentId: string;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startTestServer();
  const created = await teamLeader(server.url);
  leader = created.session;
  teamId = created.teamId;
  documentId = await createDocument(leader, teamId, 'lesson_plan', 'Plan');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

async function open(session: Session): Promise<Client> {
  const c = await connectSynced(server.wsUrl, documentId, session.cookie);
  clients.push(c);
  return c;
}

describe('who may connect to a live document', () => {
  it('refuses anonymous and outsider sockets before sending any document data', async () => {
    const anonymous = await rawSocket(server.wsUrl, documentId);
    expect((await anonymous.closed).code).toBe(CloseCode.UNAUTHENTICATED);
    expect(anonymous.messages).toHaveLength(0);

    const outsider = (await teamLeader(server.url, 'Otto', 'Annet team')).session;
    const raw = await rawSocket(server.wsUrl, documentId, outsider.cookie);
    expect((await raw.closed).code).toBe(CloseCode.NOT_FOUND);
    expect(raw.messages).toHaveLength(0);
    // A stranger with a valid session and a made-up id gets exactly the same answer.
    const made = await rawSocket(server.wsUrl, 'AAAAAAAAAAAAAAAAAAAAAA', outsider.cookie);
    expect((await made.closed).code).toBe(CloseCode.NOT_FOUND);
    expect(server.sync.openDocumentCount).toBe(0);
  });

  it('refuses a cross-site websocket upgrade', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.wsUrl}/${documentId}`, { headers: { cookie: leader.cookie, origin: 'https://evil.example' } });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('answers odd upgrade paths and plain GETs without crashing or opening anything', async () => {
    const { WebSocket } = await import('ws');
    const statusOf = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers: browserHeaders(url, leader.cookie) });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
        ws.on('open', () => resolve(101));
      });
    const base = server.wsUrl.replace(/\/collab$/, '');
    expect(await statusOf(`${base}/api/teams`)).toBe(404);
    expect(await statusOf(`${base}/collab/${documentId}/extra`)).toBe(404);
    // A malformed escape is not one of our ids: accepted, then closed as not found.
    const odd = await rawSocket(server.wsUrl, '%E0%A4%A', leader.cookie);
    expect((await odd.closed).code).toBe(CloseCode.NOT_FOUND);

    const plain = await fetch(`${server.url}/collab/${documentId}`, { headers: { cookie: leader.cookie } });
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    expect(server.sync.openDocumentCount).toBe(0);
    // Still serving.
    await open(leader);
  });

  for (const role of ['guest', 'viewer'] as const) {
    it(`a ${role}'s crafted update changes nothing in memory, in SQLite or at other clients, and the ${role} is told`, async () => {
      const member = await open(await addMember(leader, teamId, 'member', 'Mona'));
      const reader = await addMember(leader, teamId, role, 'Rita');
      const readerClient = await open(reader);
      // Readers do see the document.
      expect(fragmentText(readerClient.fragment)).toBe(fragmentText(member.fragment));
      const before = fragmentText(member.fragment);

      const raw = await rawSocket(server.wsUrl, documentId, reader.cookie);
      await waitFor(() => raw.messages.length > 0);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(member.doc));
      appendParagraph(forged.getXmlFragment('default'), 'endret av leser');
      raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(forged)));
      const denied = await waitFor(() => raw.messages.map(readMessageType).find((m) => m.type === MessageType.AUTH));
      // A guest suggests rather than edits: a plain edit is refused as not being a suggestion.
      expect(new TextDecoder().decode(denied.decoder.arr.subarray(denied.decoder.pos))).toContain(role === 'guest' ? SUGGEST_ONLY_REASON : READ_ONLY_REASON);

      // The reader's own provider edit is refused the same way; by the time it is told, a peer
      // that confirms everything stored has seen all the server ever sent out.
      const refused = whenRefused(readerClient);
      appendParagraph(readerClient.fragment, 'også endret av leser');
      expect(await refused).toBe(role === 'guest' ? SUGGEST_ONLY_REASON : READ_ONLY_REASON);
      await whenStored(member);
      expect(fragmentText(member.fragment)).toBe(before);
      const late = await open(leader);
      expect(fragmentText(late.fragment)).toBe(before);
      const stored = await storedDocument(server.dataDir, documentId);
      expect(stored.doc.getXmlFragment('default').toString()).toBe(before);
      expect(raw.ws.readyState).toBe(raw.ws.OPEN);
      raw.ws.close();
    });
  }

  it('closes a removed member’s socket at once, and does not let it back in', async () => {
    const mona = await addMember(leader, teamId, 'member', 'Mona');
    const client = await open(mona);
    const closed = new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    const res = await leader.request('DELETE', `/api/teams/${teamId}/members/${mona.user.id}`);
    expect(res.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.ACCESS_REVOKED);
    const retry = await rawSocket(server.wsUrl, documentId, mona.cookie);
    expect((await retry.closed).code).toBe(CloseCode.NOT_FOUND);
  });

  it('reconnects a downgraded member as read-only', async () => {
    const mona = await addMember(leader, teamId, 'member', 'Mona');
    const watcher = await open(leader);
    const client = connectClient(server.wsUrl, documentId, { cookie: mona.cookie });
    clients.push(client);
    await waitFor(() => client.provider.synced);
    appendParagraph(client.fragment, 'før nedgradering');
    await waitFor(() => fragmentText(watcher.fragment).includes('før nedgradering'));

    const closes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    const res = await leader.request('PATCH', `/api/teams/${teamId}/members/${mona.user.id}`, { role: 'viewer' });
    expect(res.status).toBe(200);
    await waitFor(() => closes.includes(CloseCode.PERMISSION_CHANGED));
    await waitFor(() => client.provider.synced, 10_000, 'reconnect');
    const refused = whenRefused(client);
    appendParagraph(client.fragment, 'etter nedgradering');
    expect(await refused).toBe(READ_ONLY_REASON);
    await whenStored(watcher);
    expect(fragmentText(watcher.fragment)).not.toContain('etter nedgradering');
  });

  it('closes the sockets of a session that logs out', async () => {
    const mona = await signUp(server.url, 'Mona');
    const invite = await leader.post(`/api/teams/${teamId}/invites`, { role: 'member' });
    await mona.post(`/api/invites/${invite.json.token}/accept`);
    const client = await open(mona);
    const closed = new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    expect((await mona.post('/api/auth/logout')).status).toBe(204);
    expect((await closed).code).toBe(CloseCode.UNAUTHENTICATED);
  });
});
