/**
 * The side doors of issue 11, class 1: mentions, inboxes, threads and member lists must follow the
 * one visibility rule. And the meeting rules that moved into the policy module.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Meeting } from '../../shared/meeting';
import { addMember, request, type Session, teamLeader } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let leader: Session;
let teamId: string;

beforeEach(async () => {
  server = await startTestServer();
  ({ session: leader, teamId } = await teamLeader(server.url));
});
afterEach(async () => {
  await server.close();
});

function anchor(index: number): string {
  const doc = new Y.Doc();
  const t = new Y.XmlText('abcdef');
  doc.getXmlFragment('default').insert(0, [t]);
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, index))).toString('base64');
}
const threadBody = (body: string, mentions: string[]) => ({ anchorStart: anchor(1), anchorEnd: anchor(3), quote: 'bc', body, mentions });

async function observationSetup() {
  const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan' })).json.id as string;
  const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
  const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
  const viewer = await addMember(leader, teamId, 'viewer', 'Vera Leser');
  const observationId = (await mona.post(`/api/documents/${planId}/observations`, {})).json.id as string;
  return { planId, mona, guest, viewer, observationId };
}

describe('mentions follow the visibility rule', () => {
  it('offers and accepts only people who can see the document, and refuses the rest with a clear code', async () => {
    const { planId, mona, guest, viewer, observationId } = await observationSetup();
    const names = async (documentId: string, who: Session = mona) =>
      ((await who.get(`/api/documents/${documentId}/mentionable`)).json.people as Array<{ id: string; name: string }>).map((p) => p.name).toSorted();
    expect(await names(observationId)).toEqual(['Lise Leder', 'Mona Medlem']);
    expect(await names(planId)).toEqual(['Gry Gjest', 'Lise Leder', 'Mona Medlem', 'Vera Leser']);
    expect(await names(planId, guest)).toEqual(['Gry Gjest', 'Lise Leder', 'Mona Medlem', 'Vera Leser']);
    expect((await guest.get(`/api/documents/${observationId}/mentionable`)).status).toBe(404);

    for (const who of [guest, viewer]) {
      const refused = await mona.post(`/api/documents/${observationId}/threads`, threadBody('B trenger hjelp, se her', [who.user.id]));
      expect(refused.status).toBe(422);
      expect(refused.json.error).toMatchObject({ code: 'mention_not_allowed', details: { userIds: [who.user.id] } });
    }
    // Nothing was created by the refused requests.
    expect((await mona.get(`/api/documents/${observationId}/threads`)).json.threads).toEqual([]);
    const thread = await mona.post(`/api/documents/${observationId}/threads`, threadBody('Til Lise', [leader.user.id]));
    expect(thread.status).toBe(201);
    const threadId = thread.json.id as string;
    const reply = await mona.post(`/api/threads/${threadId}/comments`, { body: 'og Gry?', mentions: [guest.user.id] });
    expect(reply.status).toBe(422);
    expect(reply.json.error?.code).toBe('mention_not_allowed');
    const commentId = (thread.json.comments as Array<{ id: string }>)[0]!.id;
    const edit = await mona.request('PATCH', `/api/threads/${threadId}/comments/${commentId}`, { body: 'Til Vera', mentions: [viewer.user.id] });
    expect(edit.status).toBe(422);

    for (const who of [guest, viewer]) expect((await who.get('/api/inbox')).json.items).toEqual([]);
    const inbox = (await leader.get('/api/inbox')).json.items as Array<{ threadId: string; kind: string }>;
    expect(inbox.map((i) => [i.kind, i.threadId])).toEqual([['mention', threadId]]);
  });

  it('a guest holding an observation thread’s id can neither read it, reply, resolve it nor mark it read', async () => {
    const { mona, guest, observationId } = await observationSetup();
    const threadId = (await mona.post(`/api/documents/${observationId}/threads`, threadBody('Sensitiv', []))).json.id as string;
    const missing = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const [method, path, body] of [
      ['POST', `/api/threads/${threadId}/comments`, { body: 'Hei' }],
      ['POST', `/api/threads/${threadId}/resolve`, { resolved: true }],
      ['POST', `/api/threads/${threadId}/read`, {}],
    ] as const) {
      const res = await guest.request(method, path, body);
      const none = await guest.request(method, path.replace(threadId, missing), body);
      expect(res.status, path).toBe(404);
      expect(res.text).toBe(none.text);
    }
    const listed = (await guest.get(`/api/teams/${teamId}/threads?status=all`)).json.threads as Array<{ id: string }>;
    expect(listed.map((t) => t.id)).not.toContain(threadId);
    const activity = (await guest.get(`/api/teams/${teamId}/activity`)).json.activity as Array<{ documentId: string | null; threadId: string | null }>;
    expect(activity.filter((a) => a.documentId === observationId || a.threadId === threadId)).toEqual([]);
    // A teacher sees it all.
    const teacherActivity = (await leader.get(`/api/teams/${teamId}/activity`)).json.activity as Array<{ threadId: string | null }>;
    expect(teacherActivity.some((a) => a.threadId === threadId)).toBe(true);
  });

  it('replies reach earlier participants only while they can still see the document', async () => {
    const { mona, guest, observationId } = await observationSetup();
    // Gry takes part as a member, then becomes a guest.
    expect((await leader.request('PATCH', `/api/teams/${teamId}/members/${guest.user.id}`, { role: 'member' })).status).toBe(200);
    const threadId = (await mona.post(`/api/documents/${observationId}/threads`, threadBody('Første', []))).json.id as string;
    expect((await guest.post(`/api/threads/${threadId}/comments`, { body: 'Svar fra Gry' })).status).toBe(201);
    expect((await leader.request('PATCH', `/api/teams/${teamId}/members/${guest.user.id}`, { role: 'guest' })).status).toBe(200);
    expect((await mona.post(`/api/threads/${threadId}/comments`, { body: 'Oppfølging' })).status).toBe(201);
    expect((await guest.get('/api/inbox')).json.items).toEqual([]);
    // Mona (a participant who can see it) got Gry's reply.
    const monaInbox = (await mona.get('/api/inbox')).json.items as Array<{ kind: string; threadId: string }>;
    expect(monaInbox.map((i) => [i.kind, i.threadId])).toEqual([['reply', threadId]]);
  });
});

describe('members’ e-mail addresses', () => {
  it('are hidden from guests and viewers unless the team shows them; teachers always see them', async () => {
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    const viewer = await addMember(leader, teamId, 'viewer', 'Vera Leser');
    const emails = async (who: Session) => {
      const res = await who.get(`/api/teams/${teamId}/members`);
      expect(res.status).toBe(200);
      const members = res.json.members as Array<{ email?: string }>;
      return { setting: res.json.memberEmailsVisibleToGuests, shown: members.filter((m) => m.email).length, text: res.text };
    };
    for (const who of [guest, viewer]) {
      const seen = await emails(who);
      expect(seen).toMatchObject({ setting: false, shown: 0 });
      expect(seen.text).not.toContain(mona.user.email);
    }
    expect(await emails(mona)).toMatchObject({ setting: false, shown: 4 });

    const changed = await leader.request('PATCH', `/api/teams/${teamId}`, { memberEmailsVisibleToGuests: true });
    expect(changed.status).toBe(200);
    expect(changed.json.memberEmailsVisibleToGuests).toBe(true);
    expect((await mona.request('PATCH', `/api/teams/${teamId}`, { memberEmailsVisibleToGuests: false })).status).toBe(403);
    for (const who of [guest, viewer]) expect(await emails(who)).toMatchObject({ setting: true, shown: 4 });
  });
});

describe('team and meeting changes with nothing to change', () => {
  it('answer 200 and change nothing, for empty, non-JSON and repeated bodies', async () => {
    const before = (await leader.get(`/api/teams/${teamId}`)).json;
    for (const body of [{}, '', 'ikke json']) {
      const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'text/plain' } : {};
      const res = await request(server.url, 'PATCH', `/api/teams/${teamId}`, body, { cookie: leader.cookie, origin: server.url, ...headers });
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.json).toEqual(before);
    }
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon' })).json.id as string;
    expect((await leader.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    const moved = (await leader.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'teacher' })).json.meeting as Meeting;
    // A double click: the same step again keeps the step's timer.
    const again = await leader.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'teacher' });
    expect(again.status).toBe(200);
    expect((again.json.meeting as Meeting).stepStartedAt).toBe(moved.stepStartedAt);
    const empty = await leader.request('PATCH', `/api/documents/${reflectionId}/meeting`, {});
    expect(empty.status).toBe(200);
    expect((empty.json.meeting as Meeting).step).toBe('teacher');
  });
});

describe('meeting facilitation', () => {
  it('a member cannot take over a running meeting by starting it again; its facilitator and a leader can restart it', async () => {
    const frida = await addMember(leader, teamId, 'member', 'Frida Fasilitator');
    const kare = await addMember(leader, teamId, 'member', 'Kåre Kollega');
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon' })).json.id as string;
    expect((await frida.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    expect((await frida.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'team' })).status).toBe(200);

    const takeover = await kare.post(`/api/documents/${reflectionId}/meeting`);
    expect(takeover.status).toBe(409);
    expect(takeover.json.error?.code).toBe('meeting_running');
    const meeting = (await kare.get(`/api/documents/${reflectionId}/meeting`)).json.meeting as Meeting;
    expect(meeting).toMatchObject({ facilitatorName: 'Frida Fasilitator', step: 'team' });

    // Once it has ended, anyone who edits may start the next one.
    expect((await frida.request('PATCH', `/api/documents/${reflectionId}/meeting`, { ended: true })).status).toBe(200);
    expect((await kare.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    expect((await frida.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(409);
    expect((await kare.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    const restarted = await leader.post(`/api/documents/${reflectionId}/meeting`);
    expect(restarted.status).toBe(201);
    expect((restarted.json.meeting as Meeting).facilitatorName).toBe('Lise Leder');
  });

  it('hands a meeting only to someone who can see the document', async () => {
    const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan' })).json.id as string;
    const observationId = (await leader.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    expect((await leader.post(`/api/documents/${observationId}/meeting`)).status).toBe(201);
    const handover = await leader.request('PATCH', `/api/documents/${observationId}/meeting`, { facilitatorId: guest.user.id });
    expect(handover.status).toBe(400);
    expect(((await leader.get(`/api/documents/${observationId}/meeting`)).json.meeting as Meeting).facilitatorName).toBe('Lise Leder');
  });
});
