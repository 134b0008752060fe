/**
 * Team export → import: the zip holds team.json plus .docx, .md and .yjs per document, and an
 * import of it into a new team restores the documents' content, threads (still anchored to the
 * same text) and versions.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TeamArchive } from '../../shared/schemas/team-archive';
import { addMember, request, type Session, signUp, teamLeader } from '../helpers/api';
import { blockOf } from '../helpers/blocks';
import { type Client, connectSynced } from '../helpers/clients';
import { deepUpdate, throwingUpdate } from '../helpers/crafted-updates';
import { readDocx } from '../helpers/docx';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

let server: TestServer;
let leader: Session;
let member: Session;
let teamId: string;
const ids = { plan: '', observation: '', reflection: '', cycle: '' };
const clients: Client[] = [];

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');
const paragraph = (text: Y.XmlText | string) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [typeof text === 'string' ? new Y.XmlText(text) : text]);
  return p;
};

/** Rich content written through a real websocket, as the editor would. */
async function write(documentId: string, build: (fragment: Y.XmlFragment) => void) {
  const client = await connectSynced(server.wsUrl, documentId, leader.cookie);
  clients.push(client);
  client.doc.transact(() => build(client.fragment));
  await waitFor(async () => (await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').length === client.fragment.length, 10_000, 'stored');
  return client;
}

async function contentJson(documentId: string) {
  const { doc } = await storedDocument(server.dataDir, documentId);
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default'));
  doc.destroy();
  return json;
}

beforeAll(async () => {
  server = await startTestServer({ env: { IMPORT_MAX_MB: '2', SIGNUPS_PER_ADDRESS_PER_HOUR: '1000' } });
  ({ session: leader, teamId } = await teamLeader(server.url, 'Lise Leder', 'Team Eksport'));
  member = await addMember(leader, teamId, 'member', 'Mona Medlem');
  await leader.request('PATCH', `/api/teams/${teamId}`, { focus: 'Muntlige ferdigheter', focusTags: ['dybdelæring'] });
  ids.cycle = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk', researchQuestion: 'Hvordan forklarer elevene?' })).json.id as string;
  ids.plan = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan runde 1', cycleId: ids.cycle })).json.id as string;
  ids.observation = (await leader.post(`/api/documents/${ids.plan}/observations`, {})).json.id as string;
  ids.reflection = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Etterarbeid', cycleId: ids.cycle })).json.id as string;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

describe('team export and import', () => {
  it('exports a zip with team.json and each document as .docx, .md and .yjs; the import restores content, threads and versions', async () => {
    let anchored!: Y.XmlText;
    await write(ids.plan, (f) => {
      f.delete(0, f.length);
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 2 as unknown as string);
      h.insert(0, [new Y.XmlText('Mål for timen')]);
      anchored = new Y.XmlText();
      anchored.insert(0, 'Elevene skal ');
      anchored.insert(13, 'sammenligne', { bold: true });
      anchored.insert(24, ' brøker.', {});
      const item = new Y.XmlElement('taskItem');
      item.setAttribute('checked', false as unknown as string);
      item.setAttribute('owner', 'Mona');
      item.setAttribute('due', '2026-12-01');
      item.insert(0, [paragraph('Lage oppgavekort')]);
      const tasks = new Y.XmlElement('taskList');
      tasks.insert(0, [item]);
      const row = (cells: string[], type: string) => {
        const r = new Y.XmlElement('tableRow');
        r.insert(0, cells.map((c) => {
          const cell = new Y.XmlElement(type);
          cell.insert(0, [paragraph(c)]);
          return cell;
        }));
        return r;
      };
      const table = new Y.XmlElement('table');
      table.insert(0, [row(['Aktivitet', 'Tid'], 'tableHeader'), row(['Oppstart | samtale', '10 min'], 'tableCell')]);
      f.insert(0, [h, paragraph(anchored), blockOf('actionItems', [tasks]), table]);
    });
    await write(ids.reflection, (f) => {
      f.delete(0, f.length);
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 2 as unknown as string);
      h.insert(0, [new Y.XmlText('Funn')]);
      const card = new Y.XmlElement('evidenceCard');
      for (const [k, v] of Object.entries({ sourceDocumentId: ids.observation, noteId: 'n1', planId: ids.plan, pupil: 'B', text: 'B forklarte med tegning' })) card.setAttribute(k, v);
      const list = blockOf('findings', [blockOf('finding', [paragraph('Tegning hjalp B'), card], { findingId: 'f1' })]);
      const linked = new Y.XmlText();
      linked.insert(0, 'Endret oppstart', { findingLink: { reflectionId: ids.reflection, finding: 'Tegning hjalp B' } });
      f.insert(0, [h, list, paragraph(linked)]);
    });

    // Threads: one with a reply by the member, one resolved; a named version.
    const start = encode(Y.createRelativePositionFromTypeIndex(anchored, 13));
    const end = encode(Y.createRelativePositionFromTypeIndex(anchored, 24));
    const thread = await leader.post(`/api/documents/${ids.plan}/threads`, { anchorStart: start, anchorEnd: end, quote: 'sammenligne', body: 'Hvilke brøker?', mentions: [member.user.id] });
    expect(thread.status).toBe(201);
    expect((await member.post(`/api/threads/${thread.json.id}/comments`, { body: 'Halvdeler og firedeler' })).status).toBe(201);
    const closed = await member.post(`/api/documents/${ids.reflection}/threads`, { anchorStart: start, anchorEnd: end, quote: 'x', body: 'Ferdig?' });
    expect((await leader.post(`/api/threads/${closed.json.id}/resolve`, { resolved: true })).status).toBe(200);
    expect((await leader.post(`/api/documents/${ids.plan}/versions`, { name: 'Før forskningstimen' })).status).toBe(201);

    // Only leaders export; outsiders learn nothing.
    expect((await member.get(`/api/teams/${teamId}/export`)).status).toBe(403);
    const outsider = await signUp(server.url, 'Otto Utenfor');
    expect((await outsider.get(`/api/teams/${teamId}/export`)).status).toBe(404);

    const started = performance.now();
    const res = await fetch(`${server.url}/api/teams/${teamId}/export?exportId=test-export-1`, { headers: { cookie: leader.cookie } });
    const zip = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="fellesrom-Team Eksport-\d{4}-\d\d-\d\d\.zip"/);
    expect(res.headers.get('x-export-documents')).toBe('3');
    const progress = await leader.get(`/api/teams/${teamId}/export/progress/test-export-1`);
    expect(progress.json).toMatchObject({ documents: { done: 3, total: 3 }, finished: true, failed: false, bytes: zip.length });
    expect((await member.get(`/api/teams/${teamId}/export/progress/test-export-1`)).status).toBe(403);
    console.log(`export of 3 documents: ${zip.length} bytes in ${ms.toFixed(0)} ms`);

    const files = unzipSync(zip);
    const archive = JSON.parse(strFromU8(files['team.json']!)) as TeamArchive;
    expect(archive.team).toMatchObject({ name: 'Team Eksport', school: 'Nordby skole', focus: 'Muntlige ferdigheter', focusTags: ['dybdelæring'] });
    expect(archive.people.map((p) => [p.name, p.role]).toSorted()).toEqual([['Lise Leder', 'leader'], ['Mona Medlem', 'member']]);
    expect(archive.cycles).toEqual([expect.objectContaining({ id: ids.cycle, title: 'Brøk', observationRetentionDays: 30, closedAt: null })]);
    expect(archive.documents.map((d) => d.kind).toSorted()).toEqual(['lesson_plan', 'observation', 'reflection']);
    expect(archive.threads.map((t) => t.comments.map((c) => c.body))).toEqual([['Hvilke brøker?', 'Halvdeler og firedeler'], ['Ferdig?']]);
    expect(archive.versions.map((v) => v.name)).toContain('Før forskningstimen');
    expect(archive.actionItems).toContainEqual({ documentId: ids.plan, text: 'Lage oppgavekort', owner: 'Mona', due: '2026-12-01', done: false });
    expect(archive.findings).toEqual([
      { reflectionId: ids.reflection, text: 'Tegning hjalp B', evidence: [{ sourceDocumentId: ids.observation, noteId: 'n1', planId: ids.plan, step: null, pupil: 'B' }] },
    ]);
    for (const d of archive.documents) {
      for (const f of Object.values(d.files)) expect(files[f], f).toBeDefined();
    }
    const plan = archive.documents.find((d) => d.id === ids.plan)!;
    const md = strFromU8(files[plan.files.md]!);
    expect(md).toContain('## Mål for timen');
    expect(md).toContain('Elevene skal **sammenligne** brøker.');
    expect(md).toContain('- [ ] Lage oppgavekort _(Mona, 2026-12-01)_');
    expect(md).toContain('| Oppstart \\| samtale | 10 min |');
    expect(readDocx(files[plan.files.docx]!).text).toContain('sammenligne');
    const raw = new Y.Doc();
    Y.applyUpdate(raw, files[plan.files.yjs]!);
    expect(yXmlFragmentToProsemirrorJSON(raw.getXmlFragment('default'))).toEqual((await contentJson(ids.plan)));

    // Import into a new team.
    const empty = await request(server.url, 'POST', '/api/teams/import', undefined, { cookie: leader.cookie, origin: server.url, 'content-type': 'application/zip' });
    expect(empty.status).toBe(400);
    const res2 = await fetch(`${server.url}/api/teams/import`, { method: 'POST', body: zip, headers: { cookie: leader.cookie, origin: server.url, 'content-type': 'application/zip' } });
    const result = (await res2.json()) as { teamId: string; documents: number; threads: number; versions: number; cycles: number };
    expect(res2.status).toBe(201);
    expect(result).toMatchObject({ documents: 3, threads: 2, cycles: 1 });
    expect(result.teamId).not.toBe(teamId);

    const newTeam = await leader.get(`/api/teams/${result.teamId}`);
    expect(newTeam.json).toMatchObject({ name: 'Team Eksport', role: 'leader', focus: 'Muntlige ferdigheter' });
    // Nobody else was given access: the importer invites people again.
    expect(((await leader.get(`/api/teams/${result.teamId}/members`)).json.members as unknown[]).length).toBe(1);
    expect((await member.get(`/api/teams/${result.teamId}`)).status).toBe(404);

    const newDocs = (await leader.get(`/api/teams/${result.teamId}/documents`)).json.documents as Array<{ id: string; title: string; cycleId: string; derivedFrom: string | null }>;
    const idMap = new Map<string, string>();
    for (const d of archive.documents) idMap.set(d.id, newDocs.find((n) => n.title === d.title)!.id);
    const remap = (json: unknown) => {
      let s = JSON.stringify(json);
      for (const [old, neu] of idMap) s = s.replaceAll(old, neu);
      return JSON.parse(s) as unknown;
    };
    for (const [old, neu] of idMap) expect((await contentJson(neu)), old).toEqual(remap((await contentJson(old))));
    expect(newDocs.find((d) => d.id === idMap.get(ids.observation))!.derivedFrom).toBe(idMap.get(ids.plan));

    // Threads: same conversation, same names, still anchored to "sammenligne".
    const threadsOf = async (documentId: string) =>
      ((await leader.get(`/api/documents/${documentId}/threads`)).json.threads as Array<{ quote: string; resolvedAt: string | null; anchorStart: string; anchorEnd: string; comments: Array<{ body: string; authorName: string; createdAt: string }> }>).map((t) => ({
        quote: t.quote,
        resolved: t.resolvedAt !== null,
        comments: t.comments.map((c) => ({ body: c.body, authorName: c.authorName, createdAt: c.createdAt })),
        anchorStart: t.anchorStart,
        anchorEnd: t.anchorEnd,
      }));
    for (const old of [ids.plan, ids.reflection]) expect(await threadsOf(idMap.get(old)!)).toEqual(await threadsOf(old));
    const { doc: restored } = await storedDocument(server.dataDir, idMap.get(ids.plan)!);
    const from = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(start, 'base64')), restored)!;
    const to = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(end, 'base64')), restored)!;
    expect((from.type as Y.XmlText).toDelta().map((d: { insert: string }) => d.insert).join('').slice(from.index, to.index)).toBe('sammenligne');

    // Versions: same names, same content.
    const versionsOf = async (documentId: string) => {
      const list = (await leader.get(`/api/documents/${documentId}/versions`)).json.versions as Array<{ id: string; name: string; auto: boolean }>;
      return Promise.all(
        list.map(async (v) => {
          const update = Buffer.from((await leader.get(`/api/documents/${documentId}/versions/${v.id}`)).json.update as string, 'base64');
          const d = new Y.Doc();
          Y.applyUpdate(d, update);
          return { name: v.name, auto: v.auto, content: yXmlFragmentToProsemirrorJSON(d.getXmlFragment('default')) };
        }),
      );
    };
    expect(await versionsOf(idMap.get(ids.plan)!)).toEqual(remap(await versionsOf(ids.plan)));
    expect((await versionsOf(ids.plan)).length).toBeGreaterThan(0);
  });

  it('refuses broken archives with a clear error and creates nothing', async () => {
    const post = (body: Uint8Array | string, type = 'application/zip', session: Session | null = leader) =>
      fetch(`${server.url}/api/teams/import`, {
        method: 'POST',
        body: typeof body === 'string' ? body : new Uint8Array(body),
        headers: { origin: server.url, 'content-type': type, ...(session ? { cookie: session.cookie } : {}) },
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { code: string; message: string } } }));
    const teamsBefore = ((await leader.get('/api/teams')).json.teams as unknown[]).length;
    const good = new Uint8Array(await (await fetch(`${server.url}/api/teams/${teamId}/export`, { headers: { cookie: leader.cookie } })).arrayBuffer());
    const files = unzipSync(good);
    const archive = JSON.parse(strFromU8(files['team.json']!)) as TeamArchive;
    const withJson = (json: unknown, extra: Record<string, Uint8Array> = {}) =>
      zipSync({ ...files, 'team.json': new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json)), ...extra });
    const withContent = (update: Uint8Array) => zipSync({ ...files, [archive.documents[0]!.files.yjs]: update });
    const hugeAttribute = () => {
      const doc = new Y.Doc();
      const cell = new Y.XmlElement('tableCell');
      cell.setAttribute('colspan', 'x'.repeat(100_000));
      doc.getXmlFragment('default').insert(0, [cell]);
      return Y.encodeStateAsUpdate(doc);
    };
    const cases: Array<[string, Promise<{ status: number; body: { error: { code: string; message: string } } }>, number, RegExp]> = [
      ['anonymous', post(good, 'application/zip', null), 401, /sign in/i],
      ['not a zip', post('hello'), 400, /not a zip/i],
      ['json content type', post('{}', 'application/json'), 400, /application\/zip/],
      ['no team.json', post(zipSync({ 'x.txt': new Uint8Array([1]) })), 400, /team\.json/],
      ['team.json not json', post(withJson('{nope')), 400, /not valid JSON/],
      ['wrong format', post(withJson({ ...archive, format: 'other' })), 400, /export format/],
      ['dangling thread', post(withJson({ ...archive, threads: [{ ...archive.threads[0]!, documentId: 'AAAAAAAAAAAAAAAAAAAAAA' }] })), 400, /document the archive does not have/],
      ['unknown author', post(withJson({ ...archive, people: [] })), 400, /person the archive does not list/],
      ['missing content', post(zipSync({ 'team.json': files['team.json']! })), 400, /missing/],
      ['broken yjs', post(zipSync({ ...files, [archive.documents[0]!.files.yjs]: new Uint8Array([1, 2, 3, 250, 250]) })), 400, /not a valid Yjs document/],
      ['too big', post(new Uint8Array(3 * 1024 * 1024).fill(80)), 413, /limited/],
      // Content is held to the limits a live document is held to (Limits.document).
      ['10,000 levels deep', post(withContent(deepUpdate(new Y.Doc(), 10_000, 'bunn'))), 422, /limits of a document.*deeper than 100/],
      ['an absurd attribute', post(withContent(hugeAttribute())), 422, /limits of a document.*bytes/],
      ['throws part-way', post(withContent(throwingUpdate(424242, 'halvveis'))), 400, /not a valid Yjs document/],
    ];
    for (const [label, pending, status, message] of cases) {
      const res = await pending;
      expect(res.status, label).toBe(status);
      expect(res.body.error.message, label).toMatch(message);
    }
    expect(((await leader.get('/api/teams')).json.teams as unknown[]).length).toBe(teamsBefore);
    expect((await leader.get('/api/health')).status).toBe(200);
  });

  it('an export leaves out other people\'s private drafts, and keeps the exporter\'s own', async () => {
    const theirs = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'log', title: 'Monas utkast', visibility: 'private' })).json.id as string;
    const mine = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'log', title: 'Mitt utkast', visibility: 'private' })).json.id as string;
    const zip = new Uint8Array(await (await fetch(`${server.url}/api/teams/${teamId}/export`, { headers: { cookie: leader.cookie } })).arrayBuffer());
    const archive = JSON.parse(strFromU8(unzipSync(zip)['team.json']!)) as TeamArchive;
    expect(archive.documents.map((d) => d.id)).not.toContain(theirs);
    expect(archive.documents.find((d) => d.id === mine)).toMatchObject({ visibility: 'private' });
    const res = await fetch(`${server.url}/api/teams/import`, { method: 'POST', body: zip, headers: { cookie: leader.cookie, origin: server.url, 'content-type': 'application/zip' } });
    const imported = (await res.json()) as { teamId: string };
    const docs = (await leader.get(`/api/teams/${imported.teamId}/documents`)).json.documents as Array<{ title: string; visibility: string }>;
    expect(docs.find((d) => d.title === 'Mitt utkast')).toMatchObject({ visibility: 'private' });
  });
});
