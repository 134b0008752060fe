import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnchor } from '../../client/comments/anchors';
import { CloseCode } from '../../shared/close-codes';
import { MessageType } from '../../shared/protocol';
import type { DocumentDetail, ListedDocument } from '../../shared/schemas/documents';
import type { CycleBoard } from '../../shared/schemas/cycles';
import type { Team } from '../../shared/schemas/teams';
import type { LessonOutline, TimelineNote } from '../../shared/observation';
import { addMember, createDocument, PASSWORD, request, type Session } from '../helpers/api';
import { rawSocket, readMessageType } from '../helpers/clients';
import { queryDatabase } from '../helpers/db-files';
import { teamSuite } from '../helpers/team-suite';
import { waitFor } from '../helpers/wait';

const suite = teamSuite();
const open = (documentId: string, session?: Session) => suite.open(documentId, session);

/** Waits until the server's clock has moved past `iso`, so what happens next is "after" it. */
const after = (iso: string) => waitFor(() => Date.now() > Date.parse(iso), 1000, 'the clock to move on');

describe('what each person may do, sent with the document and the team', () => {
  it('gives each role its capabilities, and a creator may delete their own document', async () => {
    const { leader, teamId } = suite;
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const other = await addMember(leader, teamId, 'member', 'Ola Medlem');
    const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    const viewer = await addMember(leader, teamId, 'viewer', 'Vera Leser');
    const docId = await createDocument(member, teamId, 'note', 'Monas notat');
    const can = async (s: Session) => ((await s.get(`/api/documents/${docId}`)).json as unknown as DocumentDetail).can;
    expect(await can(leader)).toEqual({
      edit: true,
      comment: true,
      suggest: true,
      reviewSuggestions: true,
      resolveThreads: true,
      moderateComments: true,
      archive: true,
      delete: true,
      seeNotes: true,
      observe: true,
      runMeeting: true,
      steerAnyMeeting: true,
      publish: true,
    });
    expect(await can(member)).toMatchObject({ edit: true, delete: true, moderateComments: false, seeNotes: true, publish: true });
    expect(await can(other)).toMatchObject({ edit: true, delete: false, moderateComments: false });
    expect(await can(guest)).toEqual({
      edit: false,
      comment: true,
      // A teacher educator suggests changes; someone who edits accepts or rejects them.
      suggest: true,
      reviewSuggestions: false,
      resolveThreads: false,
      moderateComments: false,
      archive: false,
      delete: false,
      seeNotes: false,
      observe: false,
      runMeeting: false,
      steerAnyMeeting: false,
      publish: false,
    });
    expect(await can(viewer)).toMatchObject({ edit: false, comment: false, suggest: false, seeNotes: false, publish: false });
    // A private draft is shared with the team before it goes beyond it.
    const draft = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'note', title: 'Utkast', visibility: 'private' })).json.id as string;
    expect(((await member.get(`/api/documents/${draft}`)).json as unknown as DocumentDetail).can).toMatchObject({ edit: true, publish: false });
    expect((await member.post(`/api/documents/${draft}/publish`, { scope: 'school', confirmed: true })).status).toBe(409);

    const team = async (s: Session) => ((await s.get(`/api/teams/${teamId}`)).json as unknown as Team).can;
    expect(await team(leader)).toEqual({ manage: true, manageMembers: true, invite: true, createDocuments: true, editCycles: true, seeNotes: true, exportData: true, deleteData: true, manageRetention: true, readAudit: true });
    expect(await team(member)).toEqual({ manage: false, manageMembers: false, invite: false, createDocuments: true, editCycles: true, seeNotes: true, exportData: false, deleteData: false, manageRetention: false, readAudit: false });
    expect(await team(guest)).toEqual({ manage: false, manageMembers: false, invite: false, createDocuments: false, editCycles: false, seeNotes: false, exportData: false, deleteData: false, manageRetention: false, readAudit: false });
    const home = (await guest.get(`/api/teams/${teamId}/home`)).json as { team: Team };
    expect(home.team.can.seeNotes).toBe(false);

    // What `can` says is what the server does.
    expect((await other.request('DELETE', `/api/documents/${docId}`)).status).toBe(403);
    expect((await guest.request('DELETE', `/api/documents/${docId}`)).status).toBe(403);
    expect((await member.request('DELETE', `/api/documents/${docId}`)).status).toBe(204);
  });
});

describe('renaming, archiving and deleting documents', () => {
  it('renames and archives; the list leaves archived documents out unless asked', async () => {
    const { leader, teamId } = suite;
    const docId = await createDocument(leader, teamId, 'note', 'Gammelt navn');
    const rename = await leader.request('PATCH', `/api/documents/${docId}`, { title: 'Nytt navn' });
    expect(rename.status).toBe(200);
    expect(rename.json.title).toBe('Nytt navn');
    expect((await leader.request('PATCH', `/api/documents/${docId}`, { title: '' })).status).toBe(400);
    expect((await leader.request('PATCH', `/api/documents/${docId}`, { archived: true })).json.archived).toBe(true);
    const list = async (query = '') => ((await leader.get(`/api/teams/${teamId}/documents${query}`)).json.documents as ListedDocument[]).map((d) => d.title);
    expect(await list()).not.toContain('Nytt navn');
    expect(await list('?archived=only')).toEqual(['Nytt navn']);
    expect(await list('?archived=include')).toContain('Nytt navn');
    await leader.request('PATCH', `/api/documents/${docId}`, { archived: false });
    expect(await list()).toContain('Nytt navn');
  });

  it('deletes a document with its comments and versions, and closes its open sockets as deleted (4410)', async () => {
    const { server, leader, teamId } = suite;
    const docId = await createDocument(leader, teamId, 'lesson_plan', 'Slettes');
    const reader = await open(docId);
    const title = (reader.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const thread = await leader.post(`/api/documents/${docId}/threads`, {
      anchorStart: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 0)),
      anchorEnd: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 3)),
      quote: 'Und',
      body: 'Borte snart',
    });
    expect(thread.status).toBe(201);
    expect((await leader.post(`/api/documents/${docId}/versions`, { name: 'v1' })).status).toBe(201);
    const closed = new Promise<number>((resolve) => reader.provider.ws?.addEventListener('close', (e) => resolve(e.code)));

    expect((await leader.request('DELETE', `/api/documents/${docId}`)).status).toBe(204);
    expect(await closed).toBe(CloseCode.DELETED);
    expect((await leader.get(`/api/documents/${docId}`)).status).toBe(404);
    expect((await leader.post(`/api/threads/${thread.json.id}/read`)).status).toBe(404);
    expect((await leader.get(`/api/documents/${docId}/versions`)).status).toBe(404);
    const again = await rawSocket(server.wsUrl, docId, leader.cookie);
    expect((await again.closed).code).toBe(CloseCode.NOT_FOUND);
    expect((await leader.request('DELETE', `/api/documents/${docId}`)).status).toBe(404);
    const listed = (await leader.get(`/api/teams/${teamId}/documents?archived=include`)).json.documents as ListedDocument[];
    expect(listed.map((d) => d.id)).not.toContain(docId);
  });
});

describe('what a document keeps when what it points to goes', () => {
  it('keeps the document with no cycle, creator or last editor when the cycle or the account is deleted (ON DELETE SET NULL)', async () => {
    const { leader, teamId, server } = suite;
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const inCycle = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
    const byMember = await createDocument(member, teamId, 'note', 'Monas notat');
    await queryDatabase(server.dataDir, 'update documents set last_edited_by = ? where id in (?, ?)', member.user.id, inCycle, byMember);
    const references = async () =>
      await queryDatabase<{ id: string; cycle_id: string | null; created_by: string | null; last_edited_by: string | null }>(
        server.dataDir,
        'select id, cycle_id, created_by, last_edited_by from documents where id in (?, ?) order by id',
        inCycle,
        byMember,
      );
    expect((await references()).find((d) => d.id === inCycle)).toMatchObject({ cycle_id: cycleId, created_by: member.user.id, last_edited_by: member.user.id });

    // Straight in the database, so it is the reference that acts, not the code that deletes dependants first.
    await queryDatabase(server.dataDir, 'delete from cycles where id = ?', cycleId);
    expect((await references()).map((d) => d.cycle_id)).toEqual([null, null]);
    await queryDatabase(server.dataDir, 'delete from users where id = ?', member.user.id);
    expect(await references()).toEqual(
      [inCycle, byMember].toSorted().map((id) => ({ id, cycle_id: null, created_by: null, last_edited_by: null })),
    );
    expect((await leader.get(`/api/documents/${inCycle}`)).status).toBe(200);
    expect((await leader.get(`/api/documents/${byMember}`)).status).toBe(200);
  });
});

describe('the full document list', () => {
  it('sorts by title in Norwegian order and filters by words, kind, cycle and tag', async () => {
    const { leader, teamId } = suite;
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    await createDocument(leader, teamId, 'note', 'Ålesund-besøket');
    await createDocument(leader, teamId, 'note', 'Øving i brøk');
    await createDocument(leader, teamId, 'note', 'Zebra');
    await createDocument(leader, teamId, 'note', 'Ærlig tilbakemelding');
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    await leader.request('PATCH', `/api/documents/${planId}`, { tags: ['brøk'] });
    const titles = async (query: string) => ((await leader.get(`/api/teams/${teamId}/documents${query}`)).json.documents as ListedDocument[]).map((d) => d.title);
    expect(await titles('?sort=title')).toEqual(['Brøkplan', 'Zebra', 'Ærlig tilbakemelding', 'Øving i brøk', 'Ålesund-besøket']);
    expect(await titles('?sort=title&order=desc')).toEqual(['Ålesund-besøket', 'Øving i brøk', 'Ærlig tilbakemelding', 'Zebra', 'Brøkplan']);
    expect((await titles('?sort=created'))[0]).toBe('Brøkplan');
    expect(await titles('?q=BRØK&sort=title')).toEqual(['Brøkplan', 'Øving i brøk']);
    expect(await titles('?kind=lesson_plan')).toEqual(['Brøkplan']);
    expect(await titles(`?cycleId=${cycleId}`)).toEqual(['Brøkplan']);
    expect(await titles('?tag=Brøk')).toEqual(['Brøkplan']);
    const listed = (await leader.get(`/api/teams/${teamId}/documents?kind=lesson_plan`)).json.documents as ListedDocument[];
    expect(listed[0]).toMatchObject({ createdByName: 'Lise Leder' });
    expect((await leader.get(`/api/teams/${teamId}/documents?sort=size`)).status).toBe(400);
  });
});

describe('one lesson clock for every observer', () => {
  it('starts once for the lesson; every observer and the timeline count minutes from it', async () => {
    const { server, leader, teamId } = suite;
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøkplan');
    const ola = await addMember(leader, teamId, 'member', 'Ola Observatør');
    const obsA = (await leader.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    const obsB = (await ola.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    const lesson = async (s: Session) => (await s.get(`/api/documents/${obsB}/lesson`)).json as unknown as LessonOutline;
    expect((await lesson(ola)).clockStartedAt).toBeNull();

    // Ola's observation socket asks for events and hears that the lesson changed.
    const socket = await rawSocket(server.wsUrl, obsB, ola.cookie);
    socket.ws.send(new Uint8Array([MessageType.COMMENTS]));
    const startedAt = Date.now() - 3 * 60_000;
    const first = await leader.post(`/api/documents/${obsA}/lesson/clock`, { startedAt });
    expect(first.json.clockStartedAt).toBe(startedAt);
    await waitFor(() => socket.messages.some((m) => readMessageType(m).type === MessageType.LESSON), 5000, 'the lesson notice');
    socket.ws.close();

    // A second start (Ola, a minute later) gets the clock that runs.
    expect((await ola.post(`/api/documents/${planId}/lesson/clock`, {})).json.clockStartedAt).toBe(startedAt);
    expect((await lesson(ola)).clockStartedAt).toBe(startedAt);
    // A start claimed far in the past or the future is not believed.
    const other = await createDocument(leader, teamId, 'lesson_plan', 'Annen plan');
    const odd = (await leader.post(`/api/documents/${other}/lesson/clock`, { startedAt: Date.now() + 3_600_000 })).json.clockStartedAt as number;
    expect(Math.abs(odd - Date.now())).toBeLessThan(60_000);

    // Ola's note, written before his device knew of the clock, gets its minute from the lesson's clock.
    const c = await open(obsB, ola);
    const note = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: 'n1', at: startedAt + 2 * 60_000 + 5_000, minute: null, step: null, pupil: 'A', category: 'pupil_talk', text: 'A tegner', observerId: ola.user.id })) {
      note.set(k, v);
    }
    c.doc.getArray('notes').push([note]);
    const timeline = await waitFor(async () => {
      const notes = (await leader.get(`/api/documents/${planId}/timeline`)).json.notes as TimelineNote[];
      return notes.length === 1 ? notes : null;
    }, 5000, 'the note in the timeline');
    expect(timeline[0]!.minute).toBe(2);
    // Guests and viewers neither see nor start it.
    const guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
    expect((await guest.post(`/api/documents/${planId}/lesson/clock`, {})).status).toBe(403);
  });
});

describe('rounds and phases', () => {
  const board = async (cycleId: string) => (await suite.leader.get(`/api/cycles/${cycleId}`)).json as unknown as CycleBoard;

  it('refuses a next round without a plan, and titles each next plan for its round', async () => {
    const { leader, teamId } = suite;
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const empty = await leader.post(`/api/cycles/${cycleId}/advance`, {});
    expect(empty.status).toBe(409);
    expect(empty.json.error?.code).toBe('cycle_without_plan');
    await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId });
    const round2 = (await leader.post(`/api/cycles/${cycleId}/advance`, {})).json as { plan: { title: string; round: number } };
    expect(round2.plan).toMatchObject({ title: 'Brøkplan – runde 2', round: 2 });
    const round3 = (await leader.post(`/api/cycles/${cycleId}/advance`, { locale: 'en' })).json as { plan: { title: string } };
    expect(round3.plan.title).toBe('Brøkplan – round 3');
    expect((await leader.post(`/api/cycles/${cycleId}/advance`, { locale: 'xx' })).status).toBe(400);
  });

  it('moves forward by itself as the round is observed, reflected on and discussed, never back', async () => {
    const { leader, teamId } = suite;
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Lesing' })).json.id as string;
    const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Leseplan', cycleId })).json.id as string;
    expect((await board(cycleId)).cycle.phase).toBe('plan');
    await leader.post(`/api/documents/${planId}/lesson/clock`, {});
    expect((await board(cycleId)).cycle.phase).toBe('observe');
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    expect((await board(cycleId)).cycle.phase).toBe('reflect');
    // A late observer does not take the cycle back.
    const late = await addMember(leader, teamId, 'member', 'Sen Observatør');
    expect((await late.post(`/api/documents/${planId}/observations`, {})).status).toBe(201);
    expect((await board(cycleId)).cycle.phase).toBe('reflect');
    expect((await leader.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    expect((await leader.request('PATCH', `/api/documents/${reflectionId}/meeting`, { ended: true })).status).toBe(200);
    expect((await board(cycleId)).cycle.phase).toBe('revise');
    const activity = (await leader.get(`/api/teams/${teamId}/activity?verb=cycle.phase`)).json.activity as Array<{ summary: { phase: string } }>;
    expect(activity.map((a) => a.summary.phase)).toEqual(['revise', 'reflect', 'observe']);
  });
});

describe('since your last visit', () => {
  it('counts only what others added after I left: not replies I saw live, not my own', async () => {
    const { leader, teamId } = suite;
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const docId = await createDocument(leader, teamId, 'lesson_plan', 'Plan');
    const c = await open(docId);
    const title = (c.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const start = (body: string, s: Session) =>
      s.post(`/api/documents/${docId}/threads`, {
        anchorStart: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 0)),
        anchorEnd: encodeAnchor(Y.createRelativePositionFromTypeIndex(title, 4)),
        quote: 'Unde',
        body,
      });
    const since = async () => (await leader.get(`/api/documents/${docId}/since`)).json as { visitedAt: string | null; newThreads: number; threadsWithNewReplies: number };
    const mine = (await start('Min tråd', leader)).json.id as string;
    expect((await leader.post(`/api/documents/${docId}/visit`)).status).toBe(204);
    const first = await since();
    expect(first).toMatchObject({ newThreads: 0, threadsWithNewReplies: 0 });

    // Mona answers while I have the document open; I leave (the visit is recorded again).
    await after(first.visitedAt!);
    await mona.post(`/api/threads/${mine}/comments`, { body: 'Sett mens du var her' });
    await leader.post(`/api/documents/${docId}/visit`);
    expect(await since()).toMatchObject({ newThreads: 0, threadsWithNewReplies: 0 });

    // After I left: Mona answers again and starts a thread; I reply in my own thread too.
    await after((await since()).visitedAt!);
    await mona.post(`/api/threads/${mine}/comments`, { body: 'Etter at du gikk' });
    await start('Monas nye tråd', mona);
    await leader.post(`/api/threads/${mine}/comments`, { body: 'Mitt eget svar' });
    expect(await since()).toMatchObject({ newThreads: 1, threadsWithNewReplies: 1 });
  });
});

describe('error codes a person can act on', () => {
  it('a wrong password is not "sign in first"; the last leader cannot step down', async () => {
    const { server, leader, teamId } = suite;
    const wrong = await request(server.url, 'POST', '/api/auth/login', { email: leader.user.email, password: `${PASSWORD}x` }, { origin: server.url });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error?.code).toBe('invalid_credentials');
    const demote = await leader.request('PATCH', `/api/teams/${teamId}/members/${leader.user.id}`, { role: 'member' });
    expect(demote.status).toBe(409);
    expect(demote.json.error?.code).toBe('last_leader');
  });
});
