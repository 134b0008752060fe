/**
 * Issue 16: "My tasks" across teams, overdue first; done/undone from the list written back into the
 * document through the sync server (live editors see it, it is stored); the team's open items.
 * Team meetings with their own agenda steps and a video-meeting link; learning stories gathered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Task } from '../../shared/schemas/tasks';
import { addMember, createDocument, type Session, teamLeader } from '../helpers/api';
import { connectSynced } from '../helpers/clients';
import { schoolWithTeams } from '../helpers/schools';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { appendTaskList, day, taskItem } from '../helpers/tasks';
import { waitFor } from '../helpers/wait';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ env: { CHANGE_REPORT_MS: '20' } });
});
afterEach(async () => {
  await server.close();
});

/** Writes a task list into the document and waits until the server has indexed its items. */
async function addTasks(session: Session, documentId: string, items: Y.XmlElement[]) {
  const client = await connectSynced(server.wsUrl, documentId, session.cookie);
  appendTaskList(client.fragment, items);
  return client;
}

const tasksOf = async (session: Session) => ((await session.get('/api/me/tasks')).json.tasks ?? []) as Task[];

describe('my tasks', () => {
  it('lists my action items across teams, overdue first, and marks them done in the live document', async () => {
    const { session: lise, teamId } = await teamLeader(server.url);
    const mona = await addMember(lise, teamId, 'member', 'Mona Medlem');
    const otherTeam = (await lise.post('/api/teams', { name: 'Matematikk', school: 'Nordby skole' })).json.id as string;
    const reflectionId = await createDocument(lise, teamId, 'reflection', 'Refleksjon runde 1');
    const meetingId = await createDocument(lise, otherTeam, 'team_meeting', 'Teammøte uke 12');
    const editor = await addTasks(lise, reflectionId, [
      taskItem('Lage ny oppgave til runde 2', 'Lise Leder', day(3)),
      taskItem('Sende plan til rektor', 'Mona Medlem', day(-2)),
      taskItem('Hente konkreter', ' lise leder ', day(-1)),
      taskItem('Lese artikkel', 'LISE LEDER', day(1), true),
    ]);
    const other = await addTasks(lise, meetingId, [taskItem('Bestille rom', `@${lise.user.email}`, day(0))]);
    await waitFor(async () => (await tasksOf(lise)).length === 4, 5000, 'tasks indexed');

    const mine = await tasksOf(lise);
    expect(mine.map((t) => [t.text, t.overdue, t.done, t.teamId === otherTeam])).toEqual([
      ['Hente konkreter', true, false, false],
      ['Bestille rom', false, false, true],
      ['Lage ny oppgave til runde 2', false, false, false],
      ['Lese artikkel', false, true, false],
    ]);
    expect(mine[0]).toMatchObject({ documentId: reflectionId, documentTitle: 'Refleksjon runde 1', teamName: '5. trinn', due: day(-1), canToggle: true });
    // Mona's is hers, not mine.
    const monas = await tasksOf(mona);
    expect(monas.map((t) => [t.text, t.overdue])).toEqual([['Sende plan til rektor', true]]);

    // Done from the list: the live editor sees the box ticked, and the list shows it.
    const item = mine[0]!;
    const done = await lise.request('PATCH', `/api/me/tasks/${item.documentId}/${item.position}`, { done: true, owner: item.owner, text: item.text });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ done: true, overdue: false });
    const inEditor = () => (editor.fragment.get(editor.fragment.length - 1) as Y.XmlElement).get(2) as Y.XmlElement;
    await waitFor(() => inEditor().getAttribute('checked') === (true as unknown as string), 5000, 'the tick in the live editor');
    expect((await tasksOf(lise)).find((t) => t.text === 'Hente konkreter')).toMatchObject({ done: true });
    // And undone again.
    expect((await lise.request('PATCH', `/api/me/tasks/${item.documentId}/${item.position}`, { done: false, owner: item.owner, text: item.text })).status).toBe(200);
    await waitFor(() => inEditor().getAttribute('checked') === (false as unknown as string), 5000, 'the untick');

    // The item changed in the document since the list was read: refused, nothing written.
    const stale = await lise.request('PATCH', `/api/me/tasks/${item.documentId}/${item.position}`, { done: true, owner: item.owner, text: 'Hente noe annet' });
    expect(stale.status).toBe(409);
    expect(stale.json.error?.code).toBe('task_changed');
    // Someone else's item is not mine to tick from a list; a position that does not exist neither.
    const hers = monas[0]!;
    expect((await lise.request('PATCH', `/api/me/tasks/${reflectionId}/${hers.position}`, { done: true, owner: hers.owner, text: hers.text })).status).toBe(409);
    expect((await lise.request('PATCH', `/api/me/tasks/${reflectionId}/999`, { done: true, owner: 'x', text: 'y' })).status).toBe(409);
    expect((await lise.request('PATCH', `/api/me/tasks/${reflectionId}/abc`, { done: true, owner: 'x', text: 'y' })).status).toBe(404);
    expect((await lise.request('PATCH', `/api/me/tasks/${reflectionId}/0`, { done: 'yes' })).status).toBe(400);
    // Someone outside the team learns nothing.
    const outsider = await teamLeader(server.url, 'Otto Utenfor', 'Annet team', 'Sørby skole');
    expect((await outsider.session.request('PATCH', `/api/me/tasks/${reflectionId}/0`, { done: true, owner: 'Lise Leder', text: 'Lage ny oppgave til runde 2' })).status).toBe(404);

    // The team home shows the team's open items.
    const home = (await mona.get(`/api/teams/${teamId}/home`)).json as { openItems: Task[] };
    expect(home.openItems.map((t) => t.text)).toEqual(['Sende plan til rektor', 'Hente konkreter', 'Lage ny oppgave til runde 2']);
    expect(home.openItems.map((t) => t.canToggle)).toEqual([true, false, false]);

    // Written into the document: stored, so it is there after the server stops.
    editor.destroy();
    other.destroy();
    await lise.request('PATCH', `/api/me/tasks/${item.documentId}/${item.position}`, { done: true, owner: item.owner, text: item.text });
    const dataDir = server.dataDir;
    await server.close();
    const stored = await storedDocument(dataDir, reflectionId);
    const items = stored.doc.getXmlFragment('default').toString().match(/<taskitem[^>]*>/g) ?? [];
    expect(items.find((tag) => tag.includes('owner=" lise leder "'))).toContain('checked="true"');
    server = await startTestServer({ dataDir });
  });

  it('gives a school leader the items a discussion gave them, and lets them tick them', async () => {
    const { rektor, teams } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [['5. trinn', 'Lise Leder']]);
    const team = teams[0]!;
    const reflectionId = await createDocument(team.leader, team.teamId, 'reflection', 'Refleksjon');
    const client = await addTasks(team.leader, reflectionId, [taskItem('Sette av tid til runde 2', 'Rita Rektor', day(2))]);
    await waitFor(async () => (await tasksOf(rektor)).length === 1, 5000, 'the item indexed');
    const [task] = await tasksOf(rektor);
    expect(task).toMatchObject({ text: 'Sette av tid til runde 2', canToggle: true, teamName: '5. trinn' });
    expect((await rektor.request('PATCH', `/api/me/tasks/${reflectionId}/${task!.position}`, { done: true, owner: task!.owner, text: task!.text })).status).toBe(200);
    await waitFor(() => ((client.fragment.get(client.fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlElement).getAttribute('checked') === (true as unknown as string));
    client.destroy();
  });
});

describe('team meetings', () => {
  it('run through their own agenda steps and keep a video-meeting link', async () => {
    const { session, teamId } = await teamLeader(server.url);
    const meetingId = await createDocument(session, teamId, 'team_meeting', 'Teammøte');
    const content = await connectSynced(server.wsUrl, meetingId, session.cookie);
    expect(content.fragment.toString()).toContain('Beslutninger');
    content.destroy();
    const started = await session.post(`/api/documents/${meetingId}/meeting`);
    expect(started.json.meeting).toMatchObject({ step: 'purpose' });
    expect((await session.request('PATCH', `/api/documents/${meetingId}/meeting`, { step: 'decisions' })).json.meeting).toMatchObject({ step: 'decisions' });
    expect((await session.request('PATCH', `/api/documents/${meetingId}/meeting`, { step: 'evidence' })).status).toBe(400);
    const reflectionId = await createDocument(session, teamId, 'reflection', 'Refleksjon');
    expect((await session.post(`/api/documents/${reflectionId}/meeting`)).json.meeting).toMatchObject({ step: 'thanks' });
    expect((await session.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'decisions' })).status).toBe(400);

    const url = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc';
    expect((await session.request('PATCH', `/api/documents/${meetingId}`, { meetingUrl: url })).status).toBe(200);
    expect((await session.get(`/api/documents/${meetingId}`)).json).toMatchObject({ meetingUrl: url });
    expect((await session.request('PATCH', `/api/documents/${reflectionId}`, { meetingUrl: 'https://meet.google.com/abc-defg-hij' })).status).toBe(200);
    for (const bad of ['http://teams.microsoft.com/x', 'javascript:alert(1)', 'https://', `https://x.no/${'a'.repeat(600)}`, 42]) {
      expect((await session.request('PATCH', `/api/documents/${meetingId}`, { meetingUrl: bad })).status, String(bad)).toBe(400);
    }
    const planId = await createDocument(session, teamId, 'lesson_plan', 'Plan');
    expect((await session.request('PATCH', `/api/documents/${planId}`, { meetingUrl: url })).status).toBe(400);
    expect((await session.request('PATCH', `/api/documents/${meetingId}`, { meetingUrl: null })).status).toBe(200);
    expect((await session.get(`/api/documents/${meetingId}`)).json).toMatchObject({ meetingUrl: null });
  });
});

describe('learning stories', () => {
  it('gathers what made them work: the team sees its stories, the school counts only groups big enough to point at nobody', async () => {
    const { rektor, schoolId, teams } = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [
      ['5. trinn', 'Lise Leder'],
      ['6. trinn', 'Mats Matte'],
    ]);
    const [a, b] = teams as [(typeof teams)[0], (typeof teams)[0]];
    const story = async (team: typeof a, title: string, tags: string[]) => {
      const id = await createDocument(team.leader, team.teamId, 'learning_story', title);
      await team.leader.request('PATCH', `/api/documents/${id}`, { tags });
      return id;
    };
    for (let i = 0; i < 3; i++) await story(a, `Da klassen bygde bro ${i}`, ['belonging', 'relevance']);
    for (let i = 0; i < 3; i++) await story(b, `Skrivestafett ${i}`, ['belonging', 'feedback']);
    const team = (await a.leader.get(`/api/teams/${a.teamId}/learning-stories`)).json as { stories: Array<{ title: string }>; tags: Array<{ tag: string; count: number }> };
    expect(team.stories).toHaveLength(3);
    expect(team.tags.slice(0, 2)).toEqual([
      { tag: 'belonging', count: 3 },
      { tag: 'relevance', count: 3 },
    ]);
    const school = await rektor.get(`/api/schools/${schoolId}/learning-stories`);
    expect(school.status).toBe(200);
    expect(school.json.stories).toEqual({ count: 6 });
    const tags = Object.fromEntries((school.json.tags as Array<{ tag: string; count: unknown }>).map((t) => [t.tag, t.count]));
    expect(tags).toMatchObject({ belonging: { count: 6 }, relevance: { fewerThan: 5 }, feedback: { fewerThan: 5 }, clear_goals: { fewerThan: 5 } });
    expect(school.text).not.toContain('bygde bro');
    expect((await a.leader.get(`/api/schools/${schoolId}/learning-stories`)).status).toBe(403);
  });
});
