/**
 * Issue 16: publishing beyond the team (frozen copy, pupil-reference check, confirmation,
 * withdrawal), networks of schools, the library with full-text search that folds Norwegian case,
 * and forking a published plan into a new cycle that keeps its origin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NetworkSummary } from '../../shared/schemas/schools';
import type { PublishCheck, PublishedDetail, PublishedSummary } from '../../shared/schemas/library';
import { queryDatabase } from '../helpers/db-files';
import { testDatabase } from '../helpers/test-database';
import { addMember, createDocument, type Session, teamLeader } from '../helpers/api';
import { appendParagraph, connectSynced, editAndWaitStored } from '../helpers/clients';
import { schoolWithTeams } from '../helpers/schools';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ env: { CHANGE_REPORT_MS: '20' } });
});
afterEach(async () => {
  await server.close();
});

async function write(session: Session, documentId: string, ...paragraphs: string[]) {
  await editAndWaitStored(server.wsUrl, documentId, session.cookie, (fragment) => {
    for (const p of paragraphs) appendParagraph(fragment, p);
  });
}

const library = async (session: Session, query = '') => ((await session.get(`/api/library${query}`)).json.items ?? []) as PublishedSummary[];

/** Two schools, each with a teaching team; the first school's rektor has made a network. */
async function twoSchools() {
  const nordby = await schoolWithTeams(server.url, 'Rita Rektor', 'Nordby skole', [['5. trinn', 'Lise Leder']]);
  const sørby = await schoolWithTeams(server.url, 'Sara Skoleleder', 'Sørby skole', [['Mellomtrinnet', 'Siri Lærer']]);
  return { nordby, sørby, lise: nordby.teams[0]!, siri: sørby.teams[0]! };
}

describe('publishing beyond the team', () => {
  it('checks for pupil references and needs the publisher to confirm; the copy is frozen and can be withdrawn', async () => {
    const { nordby, lise } = await twoSchools();
    const cycleId = (await lise.leader.post(`/api/teams/${lise.teamId}/cycles`, { title: 'Brøk', researchQuestion: 'Hvordan forstår elevene brøk?', tags: ['mastery'] })).json
      .id as string;
    const reportId = (await lise.leader.post(`/api/teams/${lise.teamId}/documents`, { kind: 'report', title: 'Øving i brøk – det vi lærte', cycleId })).json.id as string;
    await write(lise.leader, reportId, 'Elevene ØVDE på brøk med tallinje og konkreter.', 'Emma sa at en halv er større enn en tredjedel.');

    const check = (await lise.leader.get(`/api/documents/${reportId}/publish-check`)).json as unknown as PublishCheck;
    expect(check.references).toEqual([expect.objectContaining({ word: 'Emma', reason: 'first_name' })]);
    expect(check.references[0]!.after).toContain('sa at en halv');
    expect(check.words).toBeGreaterThan(10);

    // Not confirmed: nothing is published, and the publisher hears what the check found.
    const unconfirmed = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'school' });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.json.error).toMatchObject({ code: 'confirmation_required', details: { references: [expect.objectContaining({ word: 'Emma' })] } });
    expect(await library(lise.leader)).toEqual([]);

    // The teacher takes the name out, and publishes.
    const client = await connectSynced(server.wsUrl, reportId, lise.leader.cookie);
    const last = client.fragment.get(client.fragment.length - 1) as Y.XmlElement;
    expect(last.toString()).toContain('Emma');
    client.fragment.delete(client.fragment.length - 1, 1);
    appendParagraph(client.fragment, 'En elev sa at en halv er større enn en tredjedel.');
    await waitFor(async () => ((await lise.leader.get(`/api/documents/${reportId}/publish-check`)).json as unknown as PublishCheck).references.length === 0, 5000);
    const published = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'school', confirmed: true, subject: 'Matematikk', grade: '5. trinn' });
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ title: 'Øving i brøk – det vi lærte', scope: 'school', tags: ['mastery'], researchQuestion: 'Hvordan forstår elevene brøk?', reuseCount: 0 });
    const publishedId = published.json.id as string;

    // Frozen: later edits do not reach the copy.
    appendParagraph(client.fragment, 'Skrevet etter publisering');
    await waitFor(async () => (await lise.leader.get(`/api/teams/${lise.teamId}/search?q=publisering`)).json.hits, 5000);
    const detail = (await nordby.rektor.get(`/api/library/${publishedId}`)).json as unknown as PublishedDetail;
    expect(JSON.stringify(detail.content)).toContain('tallinje og konkreter');
    expect(JSON.stringify(detail.content)).not.toContain('etter publisering');
    expect(JSON.stringify(detail.content)).not.toContain('Emma');
    expect(detail.canWithdraw).toBe(true);
    client.destroy();

    // Raw notes are never published, and guests and viewers publish nothing.
    const planId = await createDocument(lise.leader, lise.teamId, 'lesson_plan', 'Plan');
    const observationId = (await lise.leader.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    expect((await lise.leader.post(`/api/documents/${observationId}/publish`, { scope: 'school', confirmed: true })).status).toBe(403);
    const guest = await addMember(lise.leader, lise.teamId, 'guest', 'Gry Gjest');
    expect((await guest.post(`/api/documents/${reportId}/publish`, { scope: 'school', confirmed: true })).status).toBe(403);
    expect((await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'everyone', confirmed: true })).status).toBe(400);
    // A school in no network cannot publish to one.
    const noNetwork = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'network', confirmed: true });
    expect(noNetwork.status).toBe(409);

    // The school's own staff find it; guests (visitors) do not.
    expect((await library(lise.leader)).map((p) => p.id)).toEqual([publishedId]);
    expect(await library(guest)).toEqual([]);
    expect((await guest.get(`/api/library/${publishedId}`)).status).toBe(404);

    // Withdrawn: out of the library and the index, its text wiped.
    // The guest sees on the team home that it is published, but may not withdraw it.
    expect((await guest.post(`/api/library/${publishedId}/withdraw`)).status).toBe(403);
    expect((await lise.leader.post(`/api/library/${publishedId}/withdraw`)).status).toBe(204);
    expect(await library(lise.leader)).toEqual([]);
    expect(await library(lise.leader, '?q=tallinje')).toEqual([]);
    expect((await lise.leader.get(`/api/library/${publishedId}`)).status).toBe(404);
    const sql = <T>(query: string, ...params: unknown[]) => queryDatabase<T>(server.dataDir, query, ...params);
    expect(await sql('select content, text, withdrawn_at is not null as w from published_documents where id = ?', publishedId)).toEqual([{ content: null, text: '', w: testDatabase === 'postgres' ? true : 1 }]);
    expect(await sql("select count(*) as n from search_refs where kind = 'published'")).toEqual([{ n: 0 }]);
    // Only the team's own report still has those words in the index.
    const matching = testDatabase === 'postgres' ? "search_index.words @@ to_tsquery('simple', 'tallinje')" : "search_index match 'tallinje'";
    // SQLite's index has rows per chunk: ref * 2^20 and up (migration 0012).
    const ref = testDatabase === 'postgres' ? 'search_index.rowid' : 'search_index.rowid / 1048576';
    const indexed = await sql(`select distinct r.kind, r.ref_id as id from search_index join search_refs r on r.rowid = ${ref} where ${matching}`);
    expect(indexed).toEqual([{ kind: 'document', id: reportId }]);
  });
});

describe('networks and the library', () => {
  it('a published report is found in another school of the network, by words in any case, and forked into a cycle there', async () => {
    const { nordby, sørby, lise, siri } = await twoSchools();
    const reportId = await createDocument(lise.leader, lise.teamId, 'report', 'Øving gir mestring');
    await write(lise.leader, reportId, 'Vi lærte at ÆRLIGE tilbakemeldinger og konkreter hjalp i brøkarbeidet.');
    const toSchool = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'school', confirmed: true });
    expect(toSchool.status).toBe(201);

    // A network: made by Nordby's rektor, joined by Sørby's through an invitation link.
    const network = await nordby.rektor.post('/api/networks', { name: 'Kommunens skoler', schoolId: nordby.schoolId });
    expect(network.status).toBe(201);
    const networkId = network.json.id as string;
    expect((await lise.leader.post('/api/networks', { name: 'Eget', schoolId: nordby.schoolId })).status).toBe(403);
    const invite = await nordby.rektor.post(`/api/networks/${networkId}/invites`, {});
    expect(invite.status).toBe(201);
    const token = invite.json.token as string;
    expect(invite.json.url).toContain(`/networks/join/${token}`);
    expect((await sørby.rektor.get(`/api/network-invites/${token}`)).json).toMatchObject({ networkName: 'Kommunens skoler', schools: ['Nordby skole'] });
    // Only a leader of the school brings it in.
    expect((await siri.leader.post(`/api/network-invites/${token}/accept`, { schoolId: sørby.schoolId })).status).toBe(403);
    const joined = await sørby.rektor.post(`/api/network-invites/${token}/accept`, { schoolId: sørby.schoolId });
    expect(joined.status).toBe(200);
    expect((joined.json as unknown as NetworkSummary).schools.map((s) => s.name)).toEqual(['Nordby skole', 'Sørby skole']);
    expect((await sørby.rektor.post(`/api/network-invites/${token}/accept`, { schoolId: sørby.schoolId })).status).toBe(404);

    // Published to the school only: Sørby does not see it. Published to the network: it does.
    expect(await library(siri.leader)).toEqual([]);
    const toNetwork = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'network', confirmed: true, subject: 'Matematikk', grade: '5. trinn' });
    expect(toNetwork.status).toBe(201);
    const publishedId = toNetwork.json.id as string;
    expect((await library(siri.leader)).map((p) => p.id)).toEqual([publishedId]);
    expect((await library(siri.leader)).map((p) => p.school.name)).toEqual(['Nordby skole']);

    // Full-text search folds Norwegian case both ways, and keeps å, æ, ø letters of their own.
    for (const q of ['øving', 'ØVING', 'ærlige', 'mestr', 'brøkarbeid', 'Konkreter tilbakemeldinger']) {
      expect((await library(siri.leader, `?q=${encodeURIComponent(q)}`)).map((p) => p.id), q).toEqual([publishedId]);
    }
    expect(await library(siri.leader, '?q=oving')).toEqual([]);
    expect(await library(siri.leader, `?q=${encodeURIComponent('"*)(')}`)).toEqual([]);
    const hit = (await library(siri.leader, '?q=tilbakemeldinger'))[0]!;
    expect(hit.snippet).toContain('ÆRLIGE tilbakemeldinger og konkreter');
    expect((await library(siri.leader, '?subject=matematikk&grade=5.%20trinn')).map((p) => p.id)).toEqual([publishedId]);
    expect(await library(siri.leader, '?kind=lesson_plan')).toEqual([]);
    expect((await siri.leader.get('/api/library?kind=nonsense')).status).toBe(400);

    // Forked into a new cycle in Sørby: the copy is the first round's document, the origin is kept.
    const fork = await siri.leader.post(`/api/library/${publishedId}/fork`, { teamId: siri.teamId });
    expect(fork.status).toBe(201);
    const { cycle, document } = fork.json as { cycle: { id: string; title: string; teamId: string }; document: { id: string; kind: string; round: number } };
    expect(cycle).toMatchObject({ title: 'Øving gir mestring', teamId: siri.teamId });
    expect(document).toMatchObject({ kind: 'report', round: 1 });
    const board = (await siri.leader.get(`/api/cycles/${cycle.id}`)).json;
    expect(board.origin).toEqual({ publishedId, title: 'Øving gir mestring', teamName: '5. trinn', schoolName: 'Nordby skole', withdrawn: false });
    const copy = await connectSynced(server.wsUrl, document.id, siri.leader.cookie);
    expect(copy.fragment.toString()).toContain('ÆRLIGE tilbakemeldinger');
    copy.destroy();
    // The fork's text is searchable in its new team at once.
    expect(((await siri.leader.get(`/api/teams/${siri.teamId}/search?q=konkreter`)).json.hits as Array<{ id: string }>).map((h) => h.id)).toEqual([document.id]);

    // The origin team sees the reuse; so does the library.
    const home = (await lise.leader.get(`/api/teams/${lise.teamId}/home`)).json as { published: PublishedSummary[] };
    expect(home.published.find((p) => p.id === publishedId)?.reuseCount).toBe(1);
    expect((await library(siri.leader)).find((p) => p.id === publishedId)?.reuseCount).toBe(1);

    // Forking needs a team where one may create, and a copy one may read.
    const viewer = await addMember(siri.leader, siri.teamId, 'viewer', 'Vera Leser');
    expect((await viewer.post(`/api/library/${publishedId}/fork`, { teamId: siri.teamId })).status).toBe(404);
    expect((await siri.leader.post(`/api/library/${publishedId}/fork`, { teamId: lise.teamId })).status).toBe(404);
    const outsider = await teamLeader(server.url, 'Otto Utenfor', 'Annet team', 'Vestby skole');
    expect((await outsider.session.post(`/api/library/${publishedId}/fork`, { teamId: outsider.teamId })).status).toBe(404);
    expect(await library(outsider.session)).toEqual([]);

    // Only Nordby's school leader (not Sørby's) may withdraw a copy from Nordby.
    expect((await sørby.rektor.post(`/api/library/${publishedId}/withdraw`)).status).toBe(403);
    expect((await nordby.rektor.post(`/api/library/${publishedId}/withdraw`)).status).toBe(204);
    expect((await siri.leader.get(`/api/cycles/${cycle.id}`)).json.origin).toMatchObject({ publishedId, withdrawn: true });
    expect((await siri.leader.post(`/api/library/${publishedId}/fork`, { teamId: siri.teamId })).status).toBe(404);

    // Leaving the network: the school's copies stop reaching it.
    const again = await lise.leader.post(`/api/documents/${reportId}/publish`, { scope: 'network', confirmed: true });
    expect((await library(siri.leader)).map((p) => p.id)).toEqual([again.json.id]);
    expect((await sørby.rektor.request('DELETE', `/api/networks/${networkId}/schools/${nordby.schoolId}`)).status).toBe(403);
    expect((await sørby.rektor.request('DELETE', `/api/networks/${networkId}/schools/${sørby.schoolId}`)).status).toBe(204);
    expect(await library(siri.leader)).toEqual([]);
    expect((await sørby.rektor.get(`/api/networks/${networkId}`)).status).toBe(404);
  });
});

describe('team search on full-text search', () => {
  it('folds Norwegian case and keeps æ, ø and å apart from a and o', async () => {
    const { session, teamId } = await teamLeader(server.url);
    const docId = await createDocument(session, teamId, 'note', 'Øving i å gå på ski');
    await write(session, docId, 'ÆRLIG talt gikk det bra.');
    const otherId = await createDocument(session, teamId, 'note', 'Ga opp');
    const search = async (q: string) => ((await session.get(`/api/teams/${teamId}/search?q=${encodeURIComponent(q)}`)).json.hits as Array<{ id: string }>).map((h) => h.id);
    await waitFor(async () => (await search('ærlig')).length === 1, 5000, 'the text indexed');
    expect(await search('øving')).toEqual([docId]);
    expect(await search('ØVING')).toEqual([docId]);
    expect(await search('gå')).toEqual([docId]);
    expect(await search('ga')).toEqual([otherId]);
    expect(await search('ÆRLIG')).toEqual([docId]);
  });
});
