/**
 * Issue 16: a school leader sees every team of the school on one page and can drill into each,
 * joins a reflection meeting as a remote participant labelled as such, and never sees raw notes,
 * plans or anything else a team keeps to itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { NOTES_FIELD } from '../../shared/observation';
import type { SchoolOverview, TeamDrillIn } from '../../shared/schemas/schools';
import { addMember, createDocument, teamLeader } from '../helpers/api';
import { SuggestionMark } from '../../shared/blocks/walk';
import { MessageType, SUGGEST_ONLY_REASON } from '../../shared/protocol';
import { appendParagraph, connectClient, connectSynced, rawSocket, readMessageType, syncUpdateFrame } from '../helpers/clients';
import { schoolWithTeams, type SchoolTeam } from '../helpers/schools';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** Words only a team's own documents contain: none may reach the school leader's overview. */
const SECRETS = ['Snurfleplan', 'Zorblax gråt', 'Plughnotat', 'Quuxlogg'];

/** A cycle in a team, with a plan, an observation with a note about a pupil, and (optionally) a reflection. */
async function cycleWithWork(team: SchoolTeam, title: string, tags: string[], reflect: boolean) {
  const s = team.leader;
  const cycleId = (await s.post(`/api/teams/${team.teamId}/cycles`, { title, researchQuestion: `Hvordan ${title}?`, tags })).json.id as string;
  const planId = (await s.post(`/api/teams/${team.teamId}/documents`, { kind: 'lesson_plan', title: 'Snurfleplan', cycleId })).json.id as string;
  const observationId = (await s.post(`/api/documents/${planId}/observations`, {})).json.id as string;
  const writer = await connectSynced(server.wsUrl, observationId, s.cookie);
  const note = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ id: 'n1', at: Date.now(), text: 'Zorblax gråt i timen', pupil: 'B', category: 'other', observerId: s.user.id })) note.set(k, v);
  writer.doc.getArray(NOTES_FIELD).push([note]);
  appendParagraph(writer.fragment, 'Plughnotat');
  await waitFor(async () => (await s.get(`/api/documents/${observationId}/timeline`)).text.includes('Zorblax'), 5000, 'the note stored');
  writer.destroy();
  const reflectionId = reflect
    ? ((await s.post(`/api/teams/${team.teamId}/documents`, { kind: 'reflection', title: `Refleksjon ${title}`, cycleId })).json.id as string)
    : null;
  await s.post(`/api/teams/${team.teamId}/documents`, { kind: 'log', title: 'Quuxlogg' });
  return { cycleId, planId, observationId, reflectionId };
}

describe('the school overview', () => {
  it('shows a school leader three teams on one page, their cycles, gaps and coverage, and drills into each without raw notes', async () => {
    const { rektor, schoolId, teams } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [
      ['5. trinn', 'Lise Leder'],
      ['Matematikk 8–10', 'Mats Matte'],
      ['Lesing på tvers', 'Lena Lese'],
    ]);
    const [fifth, maths, reading] = teams as [SchoolTeam, SchoolTeam, SchoolTeam];
    await fifth.leader.request('PATCH', `/api/teams/${fifth.teamId}`, { focus: 'Elevene forklarer tenkningen sin', focusTags: ['inclusive_environment'] });
    const brøk = await cycleWithWork(fifth, 'Brøk', ['mastery', 'theory_practice_balance'], true);
    await cycleWithWork(maths, 'Algebra', ['meaning', 'digital_technology'], false);
    await reading.leader.post(`/api/teams/${reading.teamId}/cycles`, { title: 'Lesestrategier', tags: [] });

    const res = await rektor.get(`/api/schools/${schoolId}/overview`);
    expect(res.status).toBe(200);
    const overview = res.json as unknown as SchoolOverview;
    expect(overview.school.name).toBe('Nordby skole');
    expect(overview.teams.map((t) => t.name)).toEqual(['5. trinn', 'Lesing på tvers', 'Matematikk 8–10']);
    const f = overview.teams.find((t) => t.id === fifth.teamId)!;
    expect(f.focus).toBe('Elevene forklarer tenkningen sin');
    expect(f.cycles).toEqual([
      expect.objectContaining({ title: 'Brøk', researchQuestion: 'Hvordan Brøk?', phase: 'reflect', round: 1, gaps: [{ code: 'not_revised', round: 1 }] }),
    ]);
    expect(f.meetings).toEqual([expect.objectContaining({ documentId: brøk.reflectionId, title: 'Refleksjon Brøk', running: false })]);
    expect(f.lastActivityAt).not.toBeNull();
    const m = overview.teams.find((t) => t.id === maths.teamId)!;
    expect(m.cycles[0]!.gaps).toEqual([{ code: 'no_reflection', round: 1, daysSinceObservation: 0 }]);
    expect(m.meetings).toEqual([]);
    // Coverage: each cycle by its tags and its team's focus areas (Hvorfor × Hva).
    expect(overview.coverage.cycles).toBe(3);
    expect(overview.coverage.untagged).toBe(1);
    expect(overview.coverage.outcomes).toEqual({ mastery: 1, meaning: 1, participation: 0 });
    expect(overview.coverage.focusAreas).toMatchObject({ inclusive_environment: 1, theory_practice_balance: 1, digital_technology: 1, cross_subject_planning: 0 });
    expect(overview.coverage.matrix.mastery).toMatchObject({ inclusive_environment: 1, theory_practice_balance: 1, digital_technology: 0 });
    expect(overview.coverage.matrix.meaning.digital_technology).toBe(1);
    // Three teaching team leaders: a group too small to count.
    expect(overview.teachers).toEqual({ fewerThan: 5 });
    for (const secret of SECRETS) expect(res.text).not.toContain(secret);

    for (const team of teams) {
      const drill = await rektor.get(`/api/schools/${schoolId}/teams/${team.teamId}`);
      expect(drill.status).toBe(200);
      for (const secret of SECRETS) expect(drill.text).not.toContain(secret);
    }
    const drill = (await rektor.get(`/api/schools/${schoolId}/teams/${fifth.teamId}`)).json as unknown as TeamDrillIn;
    expect(drill.work).toEqual([{ cycleId: brøk.cycleId, round: 1, counts: { lesson_plan: 1, observation: 1, reflection: 1 } }]);

    // The documents behind it: the reflection opens (to comment), the plan and the notes do not exist.
    const reflection = await rektor.get(`/api/documents/${brøk.reflectionId}`);
    expect(reflection.status).toBe(200);
    expect(reflection.json).toMatchObject({ standing: 'school_leader', access: 'suggest', can: { edit: false, comment: true, suggest: true, seeNotes: false, publish: false } });
    for (const id of [brøk.planId, brøk.observationId]) {
      expect((await rektor.get(`/api/documents/${id}`)).status).toBe(404);
      expect((await rektor.get(`/api/documents/${id}/timeline`)).status).toBe(404);
    }
    expect((await rektor.get(`/api/teams/${fifth.teamId}`)).status).toBe(404);
    expect((await rektor.get(`/api/teams/${fifth.teamId}/search?q=Snurfleplan`)).status).toBe(404);
    expect((await rektor.get(`/api/documents/${brøk.reflectionId}/findings`)).text).not.toContain('Zorblax');

    // Teachers of the school may not see the overview; people of other schools learn nothing.
    expect((await fifth.leader.get(`/api/schools/${schoolId}/overview`)).status).toBe(403);
    const other = await teamLeader(server.url, 'Otto Utenfor', 'Annet team', 'Sørby skole');
    const foreign = await other.session.get(`/api/schools/${schoolId}/overview`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe((await other.session.get('/api/schools/AAAAAAAAAAAAAAAAAAAAAA/overview')).text);
    const otherSchool = ((await other.session.get('/api/schools')).json.schools as Array<{ id: string; leader: boolean }>)[0]!;
    expect(otherSchool.leader).toBe(true);
    expect((await rektor.get(`/api/schools/${otherSchool.id}/teams/${other.teamId}`)).status).toBe(404);
    expect((await other.session.get(`/api/documents/${brøk.reflectionId}`)).status).toBe(404);
  });

  it('joins a reflection meeting as a remote participant labelled school leader, comments and suggests, and cannot edit', async () => {
    const { rektor, teams } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [['5. trinn', 'Lise Leder']]);
    const team = teams[0]!;
    const reflectionId = await createDocument(team.leader, team.teamId, 'reflection', 'Refleksjon runde 1');
    expect((await team.leader.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(201);
    const teacher = await connectSynced(server.wsUrl, reflectionId, team.leader.cookie);
    const remote = await connectSynced(server.wsUrl, reflectionId, rektor.cookie);
    remote.provider.awareness.setLocalStateField('user', { name: 'whatever' });
    const seen = await waitFor(
      () => [...teacher.provider.awareness.getStates().values()].find((s) => (s.user as { id?: string } | undefined)?.id === rektor.user.id),
      5000,
      'the school leader in the meeting',
    );
    expect(seen.user).toMatchObject({ name: 'Rita Rektor', standing: 'school_leader' });
    teacher.provider.awareness.setLocalStateField('user', { name: 'Lise' });
    const teacherState = await waitFor(
      () => [...remote.provider.awareness.getStates().values()].find((s) => (s.user as { id?: string } | undefined)?.id === team.leader.user.id),
      5000,
      'the teacher, as the school leader sees them',
    );
    expect(teacherState.user).toMatchObject({ name: 'Lise Leder', standing: 'leader' });

    // The meeting's state and timer are theirs to follow; moving it on is not.
    expect((await rektor.get(`/api/documents/${reflectionId}/meeting`)).json.meeting).toMatchObject({ step: 'thanks' });
    expect((await rektor.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'teacher' })).status).toBe(403);
    expect((await rektor.post(`/api/documents/${reflectionId}/meeting`)).status).toBe(403);

    // A plain edit from the school leader's socket is refused (they may only suggest, and are told so), and never reaches the teacher.
    const before = teacher.fragment.toString();
    const raw = await rawSocket(server.wsUrl, reflectionId, rektor.cookie);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(teacher.doc));
    appendParagraph(forged.getXmlFragment('default'), 'Rektor skriver i dokumentet');
    raw.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(forged)));
    const denied = await waitFor(() => raw.messages.map(readMessageType).find((m) => m.type === MessageType.AUTH), 5000, 'the refusal');
    expect(new TextDecoder().decode(denied.decoder.arr.subarray(denied.decoder.pos))).toContain(SUGGEST_ONLY_REASON);
    raw.ws.close();
    expect(teacher.fragment.toString()).toBe(before);
    // A suggestion of their own (inserted text marked as theirs) is taken, and reaches the teacher.
    const suggester = await rawSocket(server.wsUrl, reflectionId, rektor.cookie);
    await waitFor(() => suggester.messages.length > 0, 5000, 'the first sync message');
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(teacher.doc));
    const known = Y.encodeStateVector(device);
    const title = (device.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.insert(title.length, ' (forslag fra rektor)', { [SuggestionMark.insert]: { authorId: rektor.user.id, authorName: rektor.user.name, at: Date.now() } });
    suggester.ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(device, known)));
    await waitFor(() => teacher.fragment.toString().includes('forslag fra rektor'), 10_000, 'the suggestion at the teacher');
    expect(teacher.fragment.toString()).toContain(SuggestionMark.insert);
    suggester.ws.close();
    // Comments are how they take part.
    const anchor = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(teacher.fragment, 0))).toString('base64');
    const thread = await rektor.post(`/api/documents/${reflectionId}/threads`, { anchorStart: anchor, anchorEnd: anchor, quote: '', body: 'Flott arbeid med evidensen!', mentions: [] });
    expect(thread.status).toBe(201);
    expect(((await team.leader.get(`/api/documents/${reflectionId}/threads`)).json.threads as Array<{ id: string }>).map((t) => t.id)).toContain(thread.json.id);
    teacher.destroy();
    remote.destroy();

    // Leadership ends: the open socket is closed, and the reflection is gone for them.
    const second = await addMember(team.leader, team.teamId, 'member', 'Mona Medlem');
    expect(second.user.id).not.toBe(team.leader.user.id);
    const schoolId = ((await team.leader.get(`/api/teams/${team.teamId}`)).json.school as { id: string }).id;
    const leaders = (await rektor.get(`/api/schools/${schoolId}/leaders`)).json as { candidates: Array<{ userId: string; name: string }> };
    expect(leaders.candidates.map((c) => c.name)).toEqual(['Lise Leder', 'Mona Medlem']);
    expect((await rektor.post(`/api/schools/${schoolId}/leaders`, { userId: team.leader.user.id })).status).toBe(201);
    const socket = await rawSocket(server.wsUrl, reflectionId, rektor.cookie);
    expect((await team.leader.request('DELETE', `/api/schools/${schoolId}/leaders/${rektor.user.id}`)).status).toBe(204);
    expect((await socket.closed).code).toBe(CloseCode.ACCESS_REVOKED);
    expect((await rektor.get(`/api/documents/${reflectionId}`)).status).toBe(404);
    // The school keeps at least one leader.
    const last = await team.leader.request('DELETE', `/api/schools/${schoolId}/leaders/${team.leader.user.id}`);
    expect(last.status).toBe(409);
    expect(last.json.error?.code).toBe('last_leader');
  });

  it('grants leadership only to people who work in the school', async () => {
    const { rektor, schoolId } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [['5. trinn', 'Lise Leder']]);
    const stranger = await teamLeader(server.url, 'Otto Utenfor', 'Annet team', 'Sørby skole');
    const refused = await rektor.post(`/api/schools/${schoolId}/leaders`, { userId: stranger.session.user.id });
    expect(refused.status).toBe(404);
    expect((await rektor.post(`/api/schools/${schoolId}/leaders`, { userId: 'not an id' })).status).toBe(400);
    expect((await rektor.request('POST', `/api/schools/${schoolId}/leaders`, '{"userId":')).status).toBe(400);
  });
});

describe('a school leader on a socket', () => {
  it('opens a team reflection to comment and suggest on, and is refused everything else', async () => {
    const { rektor, teams } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [['5. trinn', 'Lise Leder']]);
    const team = teams[0]!;
    const planId = await createDocument(team.leader, team.teamId, 'lesson_plan', 'Plan');
    const teamMeeting = await createDocument(team.leader, team.teamId, 'team_meeting', 'Teammøte');
    // A reflection someone keeps as a private draft is theirs alone, school leaders included.
    const draft = (await team.leader.post(`/api/teams/${team.teamId}/documents`, { kind: 'reflection', title: 'Utkast', visibility: 'private' })).json.id as string;
    expect((await rektor.get(`/api/documents/${draft}`)).status).toBe(404);
    for (const id of [planId, teamMeeting, draft]) {
      const socket = await rawSocket(server.wsUrl, id, rektor.cookie);
      expect((await socket.closed).code).toBe(CloseCode.NOT_FOUND);
    }
    const reflectionId = await createDocument(team.leader, team.teamId, 'reflection', 'Refleksjon');
    const client = connectClient(server.wsUrl, reflectionId, { cookie: rektor.cookie });
    await waitFor(() => client.provider.synced, 5000, 'sync');
    client.destroy();
  });
});
