import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockNode } from '../../shared/blocks/names';
import { readLessonFlow } from '../../shared/blocks/read';
import { SuggestionMark } from '../../shared/blocks/walk';
import { MessageType, SUGGEST_ONLY_REASON } from '../../shared/protocol';
import { addMember, type Session, teamLeader } from '../helpers/api';
import { fieldParagraph } from '../helpers/blocks';
import { type Client, connectSynced, rawSocket, readMessageType, syncUpdateFrame, whenHandled, whenStored } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

let server: TestServer;
let leader: Session;
let teamId: string;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startTestServer();
  ({ session: leader, teamId } = await teamLeader(server.url));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

const activity = (doc: Y.Doc) => fieldParagraph(doc, BlockNode.lessonFlow, 0, 'activity').get(0) as Y.XmlText;

describe('suggestions over the socket', () => {
  it('takes a guest’s own suggestion, stores and shares it; refuses a crafted plain edit from the same guest, storing nothing', async () => {
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan' })).json.id as string;
    const guest = await addMember(leader, teamId, 'guest', 'Ingrid Utdanner');
    const member = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(member);

    const raw = await rawSocket(server.wsUrl, planId, guest.cookie);
    await waitFor(() => raw.messages.length > 0);
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(member.doc));
    const known = Y.encodeStateVector(device);
    device.transact(() => {
      activity(device).insert(activity(device).length, ' med tegning', { [SuggestionMark.insert]: { authorId: guest.user.id, authorName: guest.user.name, at: Date.now() } });
      activity(device).format(0, 5, { [SuggestionMark.delete]: { authorId: guest.user.id, authorName: guest.user.name, at: Date.now() } });
    });
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(device, known)));
    await waitFor(() => readLessonFlow(member.doc, 'suggested')[0]!.activity === 'duksjon med tegning', 10_000, 'the suggestion at the member');
    expect(readLessonFlow(member.doc)[0]!.activity).toBe('Introduksjon');
    await waitFor(async () => readLessonFlow((await storedDocument(server.dataDir, planId)).doc, 'suggested')[0]!.activity === 'duksjon med tegning', 10_000, 'stored');

    // The same guest now sends a plain edit: text removed and text added without a mark.
    const before = member.fragment.toString();
    const knownNow = Y.encodeStateVector(device);
    device.transact(() => {
      activity(device).delete(0, 3);
      activity(device).insert(0, 'Omskrevet uten forslag ');
    });
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(device, knownNow)));
    const denied = await waitFor(() => raw.messages.map(readMessageType).find((m) => m.type === MessageType.AUTH));
    expect(new TextDecoder().decode(denied.decoder.arr.subarray(denied.decoder.pos))).toContain(SUGGEST_ONLY_REASON);
    // The refusal is handled; anything the server had let through would have reached the member by now.
    await whenHandled(raw);
    await whenStored(member);
    expect(member.fragment.toString()).toBe(before);
    expect((await storedDocument(server.dataDir, planId)).doc.getXmlFragment('default').toString()).toBe(before);
    // Refused like a read-only write: told, not thrown out.
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
    device.destroy();
  });

  it('lets no guest mark text in someone else’s name, and no viewer suggest at all', async () => {
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan' })).json.id as string;
    const guest = await addMember(leader, teamId, 'guest', 'Ingrid Utdanner');
    const viewer = await addMember(leader, teamId, 'viewer', 'Vera Leser');
    const member = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(member);
    const before = member.fragment.toString();
    for (const [who, as] of [
      [guest, leader.user],
      [viewer, viewer.user],
    ] as const) {
      const raw = await rawSocket(server.wsUrl, planId, who.cookie);
      await waitFor(() => raw.messages.length > 0);
      const device = new Y.Doc();
      Y.applyUpdate(device, Y.encodeStateAsUpdate(member.doc));
      const known = Y.encodeStateVector(device);
      activity(device).insert(0, 'Forslag ', { [SuggestionMark.insert]: { authorId: as.id, authorName: as.name, at: Date.now() } });
      raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(device, known)));
      await waitFor(() => raw.messages.map(readMessageType).some((m) => m.type === MessageType.AUTH));
      await whenHandled(raw);
      raw.ws.close();
      device.destroy();
    }
    await whenStored(member);
    expect(member.fragment.toString()).toBe(before);
  });
});
