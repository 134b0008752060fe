import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoundComparison } from '../../shared/schemas/round-compare';
import { addMember, type Session, teamLeader } from '../helpers/api';
import { addRow, removeRow, replaceField, writeField, writeFinding } from '../helpers/blocks';
import { type Client, connectSynced } from '../helpers/clients';
import { readDocx } from '../helpers/docx';
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

async function edit(documentId: string, change: (c: Client) => void) {
  const c = await connectSynced(server.wsUrl, documentId, leader.cookie);
  clients.push(c);
  c.doc.transact(() => change(c));
  const expected = c.fragment.toString();
  await waitFor(async () => (await storedDocument(server.dataDir, documentId)).doc.getXmlFragment('default').toString() === expected, 10_000, 'stored');
}

describe('comparing a plan with round 1', () => {
  it('lists rows added, removed and changed, block by block, each with its finding; in the API and in Word', async () => {
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk', researchQuestion: 'Hjelper tegning?' })).json.id as string;
    const round1 = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
    await edit(round1, (c) => {
      writeField(c.doc, 'lessonFlow', 0, 'anticipated', 'Sier at 1/4 er størst');
      writeField(c.doc, 'lessonFlow', 1, 'observe', 'Hvem tegner?');
    });
    const reflection = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon 1', cycleId })).json.id as string;
    await edit(reflection, (c) => {
      writeFinding(c.doc, 0, 'Elevene trenger mer tid til å utforske', [{ planId: round1, step: '1', text: 'B ble ikke ferdig' }]);
      writeFinding(c.doc, 1, 'Tegning hjelper B å forklare');
    });
    // Round 1's plan has nothing earlier.
    const early = await leader.get(`/api/documents/${round1}/round-compare`);
    expect(early.status).toBe(409);
    expect(early.json.error?.code).toBe('no_earlier_round');

    const round2 = ((await leader.post(`/api/cycles/${cycleId}/advance`)).json.plan as { id: string }).id;
    await edit(round2, (c) => {
      replaceField(c.doc, 'lessonFlow', 0, 'anticipated', 'Tegner og sier at 1/4 er minst', { reflectionId: reflection, finding: 'Tegning hjelper B å forklare' });
      replaceField(c.doc, 'lessonFlow', 1, 'time', '25 min');
      removeRow(c.doc, 'lessonFlow', 2);
      addRow(c.doc, 'lessonFlow', 'ny-rad', { activity: 'Elevene forklarer for hverandre', time: '5 min' });
      writeField(c.doc, 'casePupils', 1, 'prediction', 'Tegner først');
    });

    const res = await leader.get(`/api/documents/${round2}/round-compare`);
    expect(res.status).toBe(200);
    const cmp = res.json as unknown as RoundComparison;
    expect(cmp.from).toMatchObject({ planId: round1, round: 1 });
    expect(cmp.to).toMatchObject({ planId: round2, round: 2 });
    expect(cmp.unchanged).toBe(2);
    const summary = cmp.changes.map((ch) => [ch.block, ch.status, ch.title, ch.fields.map((f) => f.name), ch.findings.map((f) => f.text)]);
    expect(summary).toEqual([
      ['lessonFlow', 'changed', 'Introduksjon', ['anticipated'], ['Tegning hjelper B å forklare']],
      ['lessonFlow', 'changed', 'Utforsking', ['time'], ['Elevene trenger mer tid til å utforske']],
      ['lessonFlow', 'added', 'Elevene forklarer for hverandre', ['activity', 'time'], []],
      ['lessonFlow', 'removed', 'Oppsummering', ['activity'], []],
      ['casePupils', 'changed', 'B', ['prediction'], []],
    ]);
    // Word by word: what was removed and what was added.
    const parts = cmp.changes[0]!.fields[0]!.parts;
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text.trim())).toContain('størst');
    expect(parts.filter((p) => p.op === 'added').map((p) => p.text.trim()).join(' ')).toContain('minst');
    expect(parts.filter((p) => p.op === 'same').map((p) => p.text).join('')).toContain('1/4 er');

    // A guest (teacher educator) may read the comparison of a plan they may read.
    const guest = await addMember(leader, teamId, 'guest', 'Ingrid Utdanner');
    expect((await guest.get(`/api/documents/${round2}/round-compare`)).status).toBe(200);

    const docx = await fetch(`${server.url}/api/documents/${round2}/export.docx`, { headers: { cookie: leader.cookie } });
    const { text } = readDocx(new Uint8Array(await docx.arrayBuffer()));
    expect(text).toContain('Endringer fra runde 1');
    expect(text).toContain('Elevene trenger mer tid til å utforske');
    expect(text).toContain('Oppsummering');
  });
});
