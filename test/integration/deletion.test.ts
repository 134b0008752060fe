/**
 * Deletion that deletes: after a team, a cycle or an account is deleted, the text written into it
 * (through a real websocket, into a real SQLite file) is in neither the database file nor its -wal;
 * on PostgreSQL (TEST_DATABASE=postgres), in no row of the database.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { DELETED_USER_NAME } from '../../shared/privacy';
import { addMember, createDocument, PASSWORD, request, type Session, signUp, teamLeader } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, rawSocket } from '../helpers/clients';
import { databaseHolds, filesContain, queryDatabase } from '../helpers/db-files';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { testDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { SIGNUPS_PER_ADDRESS_PER_HOUR: '1000' } });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  await server.close();
});

/**
 * A label and a random word of 16 letters: letters only, since PostgreSQL's text-search parser reads
 * hex such as "3e5f…" as a number followed by a word, so the word typed would not be the word indexed.
 */
const marker = (label: string) => `${label}-${[...randomBytes(16)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

/** Opens the document over a websocket, writes `text`, and waits until it is in the SQLite file. */
async function writeThroughSocket(session: Session, documentId: string, text: string) {
  const client = await connectSynced(server.wsUrl, documentId, session.cookie);
  clients.push(client);
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  appendParagraph(client.fragment, text);
  await waitFor(async () => (await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').toString().includes(text), 10_000, 'stored');
  return { client, closes };
}

function anchor(): string {
  const doc = new Y.Doc();
  const t = new Y.XmlText('abc');
  doc.getXmlFragment('default').insert(0, [t]);
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, 1))).toString('base64');
}

async function comment(session: Session, documentId: string, body: string) {
  const res = await session.post(`/api/documents/${documentId}/threads`, { anchorStart: anchor(), anchorEnd: anchor(), quote: body, body });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

const inFiles = (text: string) => databaseHolds(server.dataDir, text);

describe('deleting a team', () => {
  it('removes every row and byte of its content, closes its sockets with 4410 and drops the document from memory', async () => {
    const { session: leader, teamId } = await teamLeader(server.url, 'Lise Leder', 'Team Slett');
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const text = marker('INNHOLD');
    const title = marker('TITTEL');
    const said = marker('KOMMENTAR');
    const documentId = await createDocument(leader, teamId, 'observation', title);
    const { client: writer, closes } = await writeThroughSocket(member, documentId, text);
    await comment(member, documentId, said);
    expect((await leader.post(`/api/documents/${documentId}/versions`, { name: 'Før sletting' })).status).toBe(201);
    for (const m of [text, title, said]) expect(await inFiles(m), m).toBe(true);

    // Only a leader, and only with the team's exact name.
    const wrong = await leader.request('DELETE', `/api/teams/${teamId}`, { confirm: 'Team Slet' });
    expect(wrong.status).toBe(400);
    expect((await member.request('DELETE', `/api/teams/${teamId}`, { confirm: 'Team Slett' })).status).toBe(403);
    const outsider = await teamLeader(server.url, 'Otto Utenfor', 'Annet team');
    expect((await outsider.session.request('DELETE', `/api/teams/${teamId}`, { confirm: 'Team Slett' })).status).toBe(404);
    expect((await leader.request('DELETE', `/api/teams/${teamId}`, {})).status).toBe(400);
    expect(await inFiles(text)).toBe(true);
    // Full-text search (FTS5) holds its own copy of the words (the random part of each marker is one word).
    const word = (m: string) => m.split('-')[1]!;
    const found = await leader.get(`/api/teams/${teamId}/search?q=${word(title)}`);
    expect((found.json.hits as Array<{ id: string }>).map((r) => r.id)).toContain(documentId);
    // A long text, which SQLite's index holds in many chunks (migration 0012): every one of them must go.
    const far = marker('LANGT');
    for (let i = 0; i < 40; i++) appendParagraph(writer.fragment, `Avsnitt ${i}: ${'elevene forklarer brøk med tegning og tallinje '.repeat(4)}`);
    appendParagraph(writer.fragment, far);
    const search = async (q: string) => ((await leader.get(`/api/teams/${teamId}/search?q=${q}`)).json.hits as Array<{ id: string }>).map((r) => r.id);
    await waitFor(async () => (await search(word(far))).includes(documentId), 10_000, 'the long text indexed');
    const ref = (await queryDatabase<{ rowid: number }>(server.dataDir, "select rowid from search_refs where kind = 'document' and ref_id = ?", documentId))[0]!.rowid;
    const indexRows = async () =>
      (testDatabase === 'postgres'
        ? await queryDatabase<{ n: number }>(server.dataDir, 'select count(*)::int as n from search_index where rowid = ?', ref)
        : await queryDatabase<{ n: number }>(server.dataDir, 'select count(*) as n from search_index where rowid between ? * 1048576 and ? * 1048576 + 1048575', ref, ref))[0]!.n;
    expect(await indexRows()).toBeGreaterThan(testDatabase === 'postgres' ? 0 : 5);

    const res = await leader.request('DELETE', `/api/teams/${teamId}`, { confirm: 'Team Slett' });
    expect(res.status).toBe(200);
    expect(res.json.deleted).toEqual({ documents: 1, threads: 1, versions: 1 });
    await waitFor(() => closes.includes(CloseCode.DELETED), 10_000, 'close 4410');
    expect(server.sync.openDocumentCount).toBe(0);

    for (const m of [text, title, said, far]) expect(await inFiles(m), m).toBe(false);
    // The index forgets them too (its secure-delete option), not only the tables: no word of them is left in
    // the file. (The index stores a word after the part it shares with the word before: its last 12 letters.)
    for (const m of [text, title, far]) expect(await inFiles(word(m).slice(-12)), `indexed ${m}`).toBe(false);
    expect(await indexRows(), 'index rows of the document').toBe(0);
    // SQLite's -wal is truncated after a deletion; PostgreSQL's WAL is the database server's own (README).
    if (testDatabase === 'sqlite') expect(filesContain(server.dataDir, text).walBytes).toBe(0);
    expect((await leader.get(`/api/teams/${teamId}`)).status).toBe(404);
    expect((await member.get(`/api/documents/${documentId}`)).status).toBe(404);
    expect((await leader.get('/api/teams')).json.teams).toEqual([]);
    for (const table of ['documents', 'document_updates', 'document_states', 'comment_threads', 'comments', 'document_versions', 'activities', 'memberships', 'cycles', 'invites', 'inbox_items']) {
      const column = ['document_updates', 'document_states', 'document_versions'].includes(table) ? 'document_id' : table === 'comments' ? 'thread_id' : 'team_id';
      const rows = await queryDatabase<{ n: number }>(server.dataDir, `select count(*) as n from ${table} where ${column} in (select ? union select ?)`, teamId, documentId);
      expect(rows[0]!.n, table).toBe(0);
    }
    // The record that it happened stays (no content, just who, when and from where).
    const audit = await queryDatabase<{ action: string; actor_id: string; address: string }>(server.dataDir, 'select * from audit_events where team_id = ?', teamId);
    expect(audit).toEqual([expect.objectContaining({ action: 'team.deleted', actor_id: leader.user.id, address: '127.0.0.1' })]);
    // A socket to the deleted document is refused like any unknown id.
    const again = await rawSocket(server.wsUrl, documentId, member.cookie);
    expect((await again.closed).code).toBe(CloseCode.NOT_FOUND);
  });
});

describe('deleting a cycle', () => {
  it('deletes the documents of every round in it, and nothing outside it', async () => {
    const { session: leader, teamId } = await teamLeader(server.url, 'Lise Syklus', 'Team Syklus');
    const cycle = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk på 5. trinn' })).json.id as string;
    const inCycle = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'observation', title: 'Observasjon', cycleId: cycle })).json.id as string;
    const outside = await createDocument(leader, teamId, 'note', 'Utenfor');
    const gone = marker('SYKLUS');
    const kept = marker('BEHOLDT');
    const { closes } = await writeThroughSocket(leader, inCycle, gone);
    await writeThroughSocket(leader, outside, kept);

    expect((await leader.request('DELETE', `/api/cycles/${cycle}`, { confirm: 'Brøk' })).status).toBe(400);
    const res = await leader.request('DELETE', `/api/cycles/${cycle}`, { confirm: 'Brøk på 5. trinn' });
    expect(res.status).toBe(200);
    expect(res.json.deleted).toMatchObject({ documents: 1 });
    await waitFor(() => closes.includes(CloseCode.DELETED), 10_000, 'close 4410');
    expect(await inFiles(gone)).toBe(false);
    expect(await inFiles(kept)).toBe(true);
    expect((await leader.get(`/api/cycles/${cycle}`)).status).toBe(404);
    expect((await leader.get(`/api/documents/${inCycle}`)).status).toBe(404);
    expect((await leader.get(`/api/documents/${outside}`)).status).toBe(200);
  });
});

describe('deleting an account', () => {
  it('is refused for the last leader of a team others are in, and needs the password', async () => {
    const { session: leader, teamId } = await teamLeader(server.url, 'Siste Leder', 'Team Leder');
    await addMember(leader, teamId, 'member', 'Noen Andre');
    expect((await leader.request('DELETE', '/api/auth/me', { password: 'feil passord' })).status).toBe(403);
    const refused = await leader.request('DELETE', '/api/auth/me', { password: PASSWORD });
    expect(refused.status).toBe(409);
    expect(refused.json.error?.code).toBe('conflict');
    expect((await leader.get('/api/auth/me')).status).toBe(200);
  });

  it('deletes the teams the person was alone in, keeps what they wrote for others as "slettet bruker", and ends their sessions', async () => {
    const { session: leader, teamId } = await teamLeader(server.url, 'Lise Beholder', 'Team Videre');
    const documentId = await createDocument(leader, teamId, 'note', 'Felles notat');
    const mona = await addMember(leader, teamId, 'member', 'Mona Slettes');
    await comment(mona, documentId, 'Et innspill fra Mona');
    const { closes } = await writeThroughSocket(mona, documentId, 'Monas avsnitt');
    const own = (await mona.post('/api/teams', { name: 'Monas eget team', school: 'Nordby skole' })).json.id as string;
    const ownDoc = await createDocument(mona, own, 'log', 'Min logg');
    const secret = marker('ALENE');
    await writeThroughSocket(mona, ownDoc, secret);
    // A reflection quoting her note: the evidence card names her as its observer, in a version too.
    const reflection = await createDocument(leader, teamId, 'reflection', 'Etterarbeid');
    const writer = await connectSynced(server.wsUrl, reflection, leader.cookie);
    clients.push(writer);
    const card = new Y.XmlElement('evidenceCard');
    for (const [k, v] of Object.entries({ pupil: 'B', observer: 'Mona Slettes', text: 'B forklarte med tegning' })) card.setAttribute(k, v);
    writer.fragment.insert(writer.fragment.length, [card]);
    await waitFor(async () => (await storedDocument(server.dataDir, reflection)).doc.getXmlFragment('default').toString().includes('Mona Slettes'), 10_000, 'card stored');
    expect((await leader.post(`/api/documents/${reflection}/versions`, { name: 'Med kortet' })).status).toBe(201);
    expect(await inFiles('Mona Slettes')).toBe(true);

    const res = await mona.request('DELETE', '/api/auth/me', { password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json.deleted).toEqual({ teamsDeleted: 1, privateDocumentsDeleted: 0 });
    await waitFor(() => closes.includes(CloseCode.UNAUTHENTICATED), 10_000, 'close 4401');
    expect(await inFiles(secret)).toBe(false);
    expect(await inFiles('Mona Slettes')).toBe(false);
    await waitFor(() => writer.fragment.toString().includes(`observer="${DELETED_USER_NAME}"`), 10_000, 'the open reflection renamed live');

    const threads = (await leader.get(`/api/documents/${documentId}/threads`)).json.threads as Array<{ comments: Array<{ authorName: string; body: string }> }>;
    expect(threads[0]!.comments[0]).toMatchObject({ authorName: DELETED_USER_NAME, body: 'Et innspill fra Mona' });
    const members = (await leader.get(`/api/teams/${teamId}/members`)).json.members as Array<{ name: string }>;
    expect(members.map((m) => m.name)).toEqual(['Lise Beholder']);
    expect((await mona.get('/api/auth/me')).status).toBe(401);
    const login = await request(server.url, 'POST', '/api/auth/login', { email: mona.user.email, password: PASSWORD }, { origin: server.url });
    expect(login.status).toBe(401);
    // Nothing about her alone is left: every table with a user_id column (sessions, identities, mail…).
    const personal = await queryDatabase<{ name: string }>(
      server.dataDir,
      testDatabase === 'postgres'
        ? "select table_name as name from information_schema.columns where table_schema = current_schema() and column_name = 'user_id'"
        : "select m.name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = 'user_id'",
    );
    expect(personal.length).toBeGreaterThan(8);
    for (const { name } of personal) expect((await queryDatabase<{ n: number }>(server.dataDir, `select count(*) as n from ${name} where user_id = ?`, mona.user.id))[0]!.n, name).toBe(0);
    // The address is free again for a new account.
    const again = await signUp(server.url, 'Mona Ny', { email: mona.user.email });
    expect(again.user).toMatchObject({ email: mona.user.email, name: 'Mona Ny' });
    expect(again.user.id).not.toBe(mona.user.id);
  });
});
