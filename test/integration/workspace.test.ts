import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentKinds } from '../../shared/document-kinds';
import type { CycleBoard } from '../../shared/schemas/cycles';
import { templates } from '../../shared/templates';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { textChunks } from '../../server/search/text-chunks';
import { addMember, createDocument, Session, teamLeader } from '../helpers/api';
import { writeField } from '../helpers/blocks';
import { queryDatabase } from '../helpers/db-files';
import { appendParagraph, type Client, connectSynced, fragmentText, whenStored } from '../helpers/clients';
import { readDocx } from '../helpers/docx';
import { spawnServer, startTestServer, type TestServer } from '../helpers/server';
import { testDatabase } from '../helpers/test-database';
import { clockPast, waitFor } from '../helpers/wait';

let server: TestServer;
let leader: Session;
let teamId: string;
const clients: Client[] = [];

beforeEach(async () => {
  server = await startTestServer({ env: { CHANGE_REPORT_MS: '30' } });
  ({ session: leader, teamId } = await teamLeader(server.url));
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

async function open(documentId: string, session = leader): Promise<Client> {
  const c = await connectSynced(server.wsUrl, documentId, session.cookie);
  clients.push(c);
  return c;
}

const templateText = (kind: (typeof DocumentKinds)[number], locale: 'nb' | 'en' = 'nb') => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, templateToUpdate(templates[kind](locale)));
  return doc.getXmlFragment('default').toString();
};

describe('templates on creation', () => {
  it('every kind starts with its template exactly once, even when five clients open it at the same moment', async () => {
    for (const kind of DocumentKinds) {
      const id = await createDocument(leader, teamId, kind, `Ny ${kind}`);
      const opened = await Promise.all(Array.from({ length: 5 }, () => open(id)));
      const expected = templateText(kind);
      for (const c of opened) expect(fragmentText(c.fragment), kind).toBe(expected);
      expect(opened[0]!.fragment.length).toBe(templates[kind]('nb').length);
    }
  });

  it('uses the English template when asked', async () => {
    const res = await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Post-lesson', locale: 'en' });
    const c = await open(res.json.id as string);
    expect(fragmentText(c.fragment)).toBe(templateText('reflection', 'en'));
    expect(fragmentText(c.fragment)).toContain('Post-lesson discussion');
  });
});

describe('a lesson-study cycle', () => {
  const board = async (cycleId: string) => (await leader.get(`/api/cycles/${cycleId}`)).json as unknown as CycleBoard;
  const codes = (b: CycleBoard) => b.gaps.map((g) => g.code);
  const add = async (cycleId: string, kind: string, title: string) =>
    (await leader.post(`/api/teams/${teamId}/documents`, { kind, title, cycleId })).json.id as string;

  it('moves from plan to share over rounds, and the board says what is missing', async () => {
    const created = await leader.post(`/api/teams/${teamId}/cycles`, {
      title: 'Brøk',
      researchQuestion: 'Hvordan hjelper tegning elevene å forklare brøk?',
      tags: ['inclusive_environment', 'matematikk'],
      plannedRounds: 2,
    });
    expect(created.status).toBe(201);
    const cycleId = created.json.id as string;
    expect(codes(await board(cycleId))).toEqual(['no_plan']);

    const planId = await add(cycleId, 'lesson_plan', 'Brøkplan');
    expect(codes(await board(cycleId))).toEqual([]);
    await leader.request('PATCH', `/api/cycles/${cycleId}`, { phase: 'observe' });
    expect(codes(await board(cycleId))).toEqual(['no_observation']);

    const observationId = await add(cycleId, 'observation', 'Observasjon Kari');
    let b = await board(cycleId);
    expect(b.gaps).toEqual([{ code: 'no_reflection', round: 1, daysSinceObservation: 0 }]);
    // Weeks between observation and reflection is what the board exists to show.
    await queryDatabase(server.dataDir, 'update documents set created_at = ? where id = ?', Date.now() - 3 * 86_400_000 - 1000, observationId);
    expect((await board(cycleId)).gaps).toEqual([{ code: 'no_reflection', round: 1, daysSinceObservation: 3 }]);

    await add(cycleId, 'reflection', 'Refleksjon');
    b = await board(cycleId);
    expect(codes(b)).toEqual(['not_revised']);
    expect(b.rounds[0]!.phases.plan.map((d) => d.id)).toEqual([planId]);
    expect(b.rounds[0]!.phases.observe.map((d) => d.id)).toEqual([observationId]);
    expect(b.rounds[0]!.phases.reflect).toHaveLength(1);

    // Revise the plan live, then start round 2 from it.
    const editor = await open(planId);
    appendParagraph(editor.fragment, 'Endret etter runde 1: tegne før regning');
    const revised = fragmentText(editor.fragment);
    const advanced = await leader.post(`/api/cycles/${cycleId}/advance`);
    expect(advanced.status).toBe(200);
    const next = advanced.json.plan as { id: string; round: number; derivedFrom: string };
    expect(next).toMatchObject({ round: 2, derivedFrom: planId });
    expect((advanced.json.cycle as { round: number; phase: string }).round).toBe(2);
    const nextClient = await open(next.id);
    expect(fragmentText(nextClient.fragment)).toBe(revised);
    // The copy is its own document: editing it leaves round 1 as it was.
    appendParagraph(nextClient.fragment, 'Bare i runde 2');
    await waitFor(async () => (await leader.get(`/api/documents/${next.id}`)).status === 200);
    expect(fragmentText(editor.fragment)).not.toContain('Bare i runde 2');

    b = await board(cycleId);
    expect(b.cycle).toMatchObject({ round: 2, phase: 'plan' });
    expect(b.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(b.rounds[0]!.phases.revise.map((d) => d.id)).toEqual([next.id]);
    expect(b.rounds[1]!.phases.plan.map((d) => d.id)).toEqual([next.id]);
    expect(codes(b)).toEqual([]);

    await add(cycleId, 'observation', 'Observasjon runde 2');
    await add(cycleId, 'reflection', 'Refleksjon runde 2');
    expect(codes(await board(cycleId))).toEqual(['not_shared']);
    await add(cycleId, 'report', 'Det vi lærte');
    expect(codes(await board(cycleId))).toEqual([]);

    const list = await leader.get(`/api/teams/${teamId}/cycles`);
    expect((list.json.cycles as Array<{ id: string; gaps: unknown[] }>).find((c) => c.id === cycleId)?.gaps).toEqual([]);
  });

  it('refuses documents in another team’s cycle as if the cycle did not exist', async () => {
    const other = await teamLeader(server.url, 'Otto', 'Annet team');
    const foreignCycle = (await other.session.post(`/api/teams/${other.teamId}/cycles`, { title: 'Hemmelig' })).json.id as string;
    const res = await leader.post(`/api/teams/${teamId}/documents`, { kind: 'note', title: 'x', cycleId: foreignCycle });
    expect(res.status).toBe(404);
  });
});

describe('team home, search and export', () => {
  it('shows what others changed since my last visit, and who is here now', async () => {
    const mona = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const docId = await createDocument(leader, teamId, 'note', 'Møtenotat');
    expect((await mona.get(`/api/teams/${teamId}/home`)).json.changes).toBeNull();
    expect((await mona.post(`/api/teams/${teamId}/visit`)).status).toBe(204);
    await clockPast(Date.now());

    const client = await open(docId);
    appendParagraph(client.fragment, 'Lise skrev dette');
    await waitFor(async () => {
      const home = (await mona.get(`/api/teams/${teamId}/home`)).json as { changes: { documents: Array<{ id: string; editorName: string }> } };
      return home.changes.documents.some((d) => d.id === docId && d.editorName === 'Lise Leder');
    });
    const home = (await mona.get(`/api/teams/${teamId}/home`)).json as {
      online: Array<{ name: string; documentTitle: string }>;
      recentDocuments: Array<{ id: string }>;
    };
    expect(home.online).toEqual([expect.objectContaining({ name: 'Lise Leder', documentTitle: 'Møtenotat' })]);
    expect(home.recentDocuments[0]!.id).toBe(docId);
    // My own edits are not news to me.
    await leader.post(`/api/teams/${teamId}/visit`);
    const before = (await leader.get(`/api/documents/${docId}`)).json.updatedAt;
    await clockPast(Date.now());
    appendParagraph(client.fragment, 'mer fra Lise');
    // The server has taken the edit into the document's row (as it does for everyone's edits).
    await waitFor(async () => (await leader.get(`/api/documents/${docId}`)).json.updatedAt !== before, 5000, 'the edit recorded');
    const mine = (await leader.get(`/api/teams/${teamId}/home`)).json as { changes: { documents: unknown[] } };
    expect(mine.changes.documents).toEqual([]);
  });

  it('finds documents by title, text and tag, only within the team', async () => {
    const docId = await createDocument(leader, teamId, 'note', 'Lesestrategier');
    await leader.request('PATCH', `/api/documents/${docId}`, { tags: ['digital_technology', 'lesing'] });
    const c = await open(docId);
    appendParagraph(c.fragment, 'Elevene brukte tankekart før de leste teksten om vikingene.');
    const search = async (q: string, tag?: string) =>
      ((await leader.get(`/api/teams/${teamId}/search?q=${encodeURIComponent(q)}${tag ? `&tag=${tag}` : ''}`)).json.hits ?? []) as Array<{
        id: string;
        snippet: string | null;
      }>;
    await waitFor(async () => (await search('tankekart')).length === 1, 5000, 'indexed text');
    expect((await search('tankekart'))[0]).toMatchObject({ id: docId });
    expect((await search('tankekart'))[0]!.snippet).toContain('tankekart før de leste');
    expect((await search('LESESTRATEGIER')).map((h) => h.id)).toEqual([docId]);
    expect((await search('vikingene', 'digital_technology')).map((h) => h.id)).toEqual([docId]);
    expect(await search('vikingene', 'inclusive_environment')).toEqual([]);
    expect(await search('%%')).toEqual([]);

    const other = await teamLeader(server.url, 'Otto', 'Annet team');
    const theirs = await createDocument(other.session, other.teamId, 'note', 'Lesestrategier hos oss');
    expect((await search('Lesestrategier')).map((h) => h.id)).not.toContain(theirs);
    expect((await other.session.get(`/api/teams/${teamId}/search?q=Lesestrategier`)).status).toBe(404);
  });

  it('finds a long document once by words far apart in it, with the snippet where they are; an edit rewrites only the chunks it touched', async () => {
    const docId = await createDocument(leader, teamId, 'note', 'Årsplan');
    const c = await open(docId);
    const words = ['elevene', 'samtale', 'gruppe', 'oppgave', 'tenker', 'lærer', 'mestring'];
    const filler = (i: number) => `Avsnitt ${i}: ${Array.from({ length: 30 }, (_, k) => words[(i * 3 + k) % words.length]).join(' ')}.`;
    for (let i = 0; i < 60; i++) {
      appendParagraph(c.fragment, i === 3 ? `${filler(i)} Fjellreven ble observert.` : i === 55 ? `${filler(i)} Nordlyset over skolen.` : filler(i));
    }
    const search = async (q: string) =>
      ((await leader.get(`/api/teams/${teamId}/search?q=${encodeURIComponent(q)}`)).json.hits ?? []) as Array<{ id: string; snippet: string | null }>;
    await waitFor(async () => (await search('nordlyset')).length === 1, 5000, 'indexed text');
    // Words in different chunks of the index: one hit for the document, not one per chunk.
    expect((await search('fjellreven nordlyset')).map((h) => h.id)).toEqual([docId]);
    expect((await search('elevene mestring')).map((h) => h.id)).toEqual([docId]);
    expect(await search('fjellreven sjøørret')).toEqual([]);
    expect((await search('nordlyset'))[0]!.snippet).toContain('Nordlyset over skolen');
    expect((await search('fjellreven'))[0]!.snippet).toContain('Fjellreven ble observert');
    expect((await search('årsplan'))[0]).toMatchObject({ id: docId, snippet: null });

    if (testDatabase === 'postgres') return; // one row per document there (its migration 0003)
    const chunks = async () =>
      await queryDatabase<{ rowid: number; body: string }>(
        server.dataDir,
        "select rowid, body from search_index where rowid / 1048576 = (select rowid from search_refs where kind = 'document' and ref_id = ?) and rowid % 1048576 > 0",
        docId,
      );
    const searchText = async () => (await queryDatabase<{ t: string }>(server.dataDir, 'select search_text as t from documents where id = ?', docId))[0]!.t;
    // The index is written in steps (INDEX_STEP_CHARS) a little after the row's text.
    const caughtUp = async () => {
      const rows = await chunks();
      expect(rows.map((r) => r.body).toSorted()).toEqual(textChunks(await searchText()).toSorted());
      return rows;
    };
    const before = await waitFor(caughtUp, 5000, 'the index caught up with the text');
    expect(before.length).toBeGreaterThan(5);

    const paragraph = c.fragment.get(30) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, 'Havørna ');
    await waitFor(async () => (await search('havørna')).length === 1, 5000, 'the edit indexed');
    const after = await waitFor(caughtUp, 5000, 'the index caught up with the edit');
    const kept = new Set(before.map((r) => `${r.rowid} ${r.body}`));
    const rewritten = after.filter((r) => !kept.has(`${r.rowid} ${r.body}`));
    expect(rewritten.length).toBeGreaterThanOrEqual(1);
    expect(rewritten.length).toBeLessThanOrEqual(2);
    expect(after.length).toBeLessThanOrEqual(before.length + 1);
  });

  // PostgreSQL indexes each text whole, by trigger, in the row's own transaction: nothing lags there.
  it.skipIf(testDatabase === 'postgres')('takes up index steps a crash left undone when it starts again, without waiting for an edit', async () => {
    const docId = await createDocument(leader, teamId, 'note', 'Uteskole');
    const c = await open(docId);
    appendParagraph(c.fragment, 'Vi gikk til skogen med hele klassen.');
    const search = async (q: string) => ((await leader.get(`/api/teams/${teamId}/search?q=${encodeURIComponent(q)}`)).json.hits ?? []) as Array<{ id: string }>;
    await waitFor(async () => (await search('skogen')).length === 1, 5000, 'indexed text');
    c.destroy();
    await server.close();
    // What a kill between two steps leaves: the row's text stored, its index still the old one.
    const stored = (await queryDatabase<{ t: string }>(server.dataDir, 'select search_text as t from documents where id = ?', docId))[0]!.t;
    await queryDatabase(server.dataDir, 'update documents set search_text = ? where id = ?', `${stored} Bålet brant til kvelden kom.`, docId);
    // Its own process, as after a crash: nothing of the first server's memory carries over.
    const again = await spawnServer(server.dataDir);
    try {
      leader = new Session(again.url, leader.cookie, leader.user);
      await waitFor(async () => (await search('bålet')).length === 1, 10_000, 'the index caught up after the restart');
      expect((await search('skogen')).map((h) => h.id)).toEqual([docId]);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });

  it('exports a plan as a Word document with its table intact', async () => {
    const planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøk: del av en helhet');
    const c = await open(planId);
    // Type into the anticipated responses of the first step of the lesson flow.
    writeField(c.doc, 'lessonFlow', 0, 'anticipated', 'Elevene sier at 1/4 er større enn 1/3');
    await whenStored(c);

    const res = await fetch(`${server.url}/api/documents/${planId}/export.docx`, { headers: { cookie: leader.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Br%C3%B8k%20del%20av%20en%20helhet.docx");
    const { documentXml, text } = readDocx(new Uint8Array(await res.arrayBuffer()));
    expect((documentXml.match(/<w:tbl>/g) ?? []).length).toBe(2);
    expect(text).toContain('Aktivitet og nøkkelspørsmål');
    expect(text).toContain('Elevene sier at 1/4 er større enn 1/3');
    // The row with the typed cell is one table row with five cells.
    const row = documentXml.split('<w:tr>').find((r) => r.includes('Elevene sier at'))!;
    expect((row.match(/<w:tc>/g) ?? []).length).toBe(5);
    expect(text).toContain('Undervisningsplan for forskningstimen');
  });
});
