import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import type { Meeting } from '../../shared/meeting';
import { NOTES_FIELD, type TimelineNote } from '../../shared/observation';
import { MessageType } from '../../shared/protocol';
import { addMember, type Session, teamLeader } from '../helpers/api';
import { addTableAtTop, fieldParagraph, moveToEnd, renameHeading, writeField, writeFinding } from '../helpers/blocks';
import { type Client, connectSynced, rawSocket, readMessageType, whenHandled, whenStored } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { clockPast, waitFor } from '../helpers/wait';

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

async function planWithRound() {
  const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk', researchQuestion: 'Hjelper tegning?' })).json.id as string;
  const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan', cycleId })).json.id as string;
  return { cycleId, planId };
}

function addNote(c: Client, note: { id: string; at: number; text: string; pupil?: string; step?: number }) {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ category: 'pupil_talk', minute: null, observerId: '', pupil: null, step: 0, ...note })) map.set(k, v);
  c.doc.getArray(NOTES_FIELD).push([map]);
}

const timeline = async (session: Session, planId: string) => (await session.get(`/api/documents/${planId}/timeline`)).json.notes as TimelineNote[];

describe('observing a lesson', () => {
  it('merges three observers’ notes, one of them offline for a while, exactly once and in time order', async () => {
    const { planId } = await planWithRound();
    const observers = await Promise.all(['Kari', 'Ola', 'Per'].map((name) => addMember(leader, teamId, 'member', name)));
    const docs: string[] = [];
    for (const o of observers) {
      const res = await o.post(`/api/documents/${planId}/observations`, { locale: 'nb' });
      expect(res.status).toBe(201);
      docs.push(res.json.id as string);
      // Asking again gives the same document: one per observer per lesson.
      expect((await o.post(`/api/documents/${planId}/observations`, {})).json.id).toBe(res.json.id);
    }
    const [kari, ola, per] = await Promise.all(observers.map((o, i) => connectSynced(server.wsUrl, docs[i]!, o.cookie)));
    clients.push(kari!, ola!, per!);
    const t0 = Date.now();
    addNote(kari!, { id: 'k1', at: t0 + 1000, text: 'A: tegner fire like deler', pupil: 'A' });
    addNote(ola!, { id: 'o1', at: t0 + 2000, text: 'B: «en fjerdedel er størst»', pupil: 'B' });
    addNote(per!, { id: 'p1', at: t0 + 3000, text: 'Læreren spør hvorfor', step: 1 });
    await waitFor(async () => (await timeline(leader, planId)).length === 3);

    // Ola's Wi-Fi drops; the notes are written anyway and kept on the device.
    ola!.provider.disconnect();
    addNote(ola!, { id: 'o2', at: t0 + 4000, text: 'B bytter til å tegne', pupil: 'B' });
    addNote(kari!, { id: 'k2', at: t0 + 4500, text: 'A forklarer for makker', pupil: 'A' });
    addNote(ola!, { id: 'o3', at: t0 + 5000, text: 'B: «nå ser jeg det»', pupil: 'B' });
    await whenStored(kari!);
    expect((await timeline(leader, planId)).map((n) => n.id)).toEqual(['k1', 'o1', 'p1', 'k2']);

    ola!.provider.connect();
    await waitFor(async () => (await timeline(leader, planId)).length === 6, 10_000, 'offline notes after reconnect');
    // Reconnecting again sends the same updates again; nothing doubles.
    ola!.provider.disconnect();
    ola!.provider.connect();
    await waitFor(() => ola!.provider.synced);
    await whenStored(ola!);
    const merged = await timeline(leader, planId);
    expect(merged.map((n) => n.id)).toEqual(['k1', 'o1', 'p1', 'o2', 'k2', 'o3']);
    expect(merged.map((n) => n.observerName)).toEqual(['Kari', 'Ola', 'Per', 'Ola', 'Kari', 'Ola']);
    expect(merged.find((n) => n.id === 'o3')).toMatchObject({ pupil: 'B', text: 'B: «nå ser jeg det»' });
  });

  it('reads the lesson steps and case pupils from the plan’s blocks, whatever its headings, tables and order', async () => {
    const { planId } = await planWithRound();
    const c = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(c);
    c.doc.transact(() => {
      writeField(c.doc, 'lessonFlow', 0, 'anticipated', 'Sier at 1/4 er størst');
      writeField(c.doc, 'lessonFlow', 0, 'observe', 'Hvem tegner?');
      writeField(c.doc, 'casePupils', 1, 'prediction', 'Gir opp uten tegning');
    });
    // The team renames the sections, puts a table of its own above the flow and moves the flow last.
    c.doc.transact(() => {
      renameHeading(c.doc, 'Gjennomføring av timen', 'Slik går timen');
      renameHeading(c.doc, 'Case-elever', 'Elevene vi følger');
      addTableAtTop(c.doc, 6);
      moveToEnd(c.doc, (n) => n.nodeName === 'lessonFlow');
    });
    await whenStored(c);
    const outline = (await leader.get(`/api/documents/${planId}/lesson`)).json as {
      steps: Array<{ activity: string; anticipated: string; observe: string }>;
      casePupils: Array<{ code: string; prediction: string }>;
    };
    expect(outline.steps.map((s) => s.activity)).toEqual(['Introduksjon', 'Utforsking', 'Oppsummering']);
    expect(outline.steps[0]).toMatchObject({ anticipated: 'Sier at 1/4 er størst', observe: 'Hvem tegner?' });
    expect(outline.casePupils.map((p) => [p.code, p.prediction])).toEqual([
      ['A', ''],
      ['B', 'Gir opp uten tegning'],
      ['C', ''],
    ]);
  });

  it('keeps raw observation notes from guests and viewers, everywhere', async () => {
    const { planId, cycleId } = await planWithRound();
    const mona = await addMember(leader, teamId, 'member', 'Mona');
    const obs = (await mona.post(`/api/documents/${planId}/observations`, {})).json.id as string;
    for (const role of ['guest', 'viewer'] as const) {
      const reader = await addMember(leader, teamId, role, `Rita ${role}`);
      expect((await reader.get(`/api/documents/${obs}`)).status).toBe(404);
      expect((await reader.get(`/api/documents/${planId}/timeline`)).status).toBe(403);
      const listed = (await reader.get(`/api/teams/${teamId}/documents`)).json.documents as Array<{ id: string }>;
      expect(listed.map((d) => d.id)).not.toContain(obs);
      const board = (await reader.get(`/api/cycles/${cycleId}`)).json as { rounds: Array<{ phases: { observe: unknown[] } }> };
      expect(board.rounds[0]!.phases.observe).toEqual([]);
      const raw = await rawSocket(server.wsUrl, obs, reader.cookie);
      expect((await raw.closed).code).toBe(CloseCode.NOT_FOUND);
    }
    expect((await mona.get(`/api/documents/${obs}`)).status).toBe(200);
  });
});

describe('the post-lesson discussion', () => {
  it('the facilitator moves the steps; remote participants see step and timer change live; others cannot', async () => {
    const { cycleId } = await planWithRound();
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    const facilitator = await addMember(leader, teamId, 'member', 'Frida Fasilitator');
    const colleague = await addMember(leader, teamId, 'member', 'Kåre Kollega');
    const remote = await addMember(leader, teamId, 'guest', 'Ingrid Utdanner');

    const raw = await rawSocket(server.wsUrl, reflectionId, remote.cookie);
    await waitFor(() => raw.messages.length > 0);
    raw.ws.send(new Uint8Array([MessageType.COMMENTS]));
    await whenHandled(raw);
    const meetingNotices = () => raw.messages.map(readMessageType).filter((m) => m.type === MessageType.MEETING).length;

    const started = await facilitator.post(`/api/documents/${reflectionId}/meeting`);
    expect(started.status).toBe(201);
    expect((started.json.meeting as Meeting).step).toBe('thanks');
    await waitFor(() => meetingNotices() === 1);
    const before = ((await remote.get(`/api/documents/${reflectionId}/meeting`)).json.meeting as Meeting).stepStartedAt;

    await clockPast(before);
    const moved = await facilitator.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'teacher' });
    expect(moved.status).toBe(200);
    await waitFor(() => meetingNotices() === 2);
    const seen = (await remote.get(`/api/documents/${reflectionId}/meeting`)).json.meeting as Meeting;
    expect(seen).toMatchObject({ step: 'teacher', facilitatorName: 'Frida Fasilitator' });
    expect(Date.parse(seen.stepStartedAt)).toBeGreaterThan(Date.parse(before));
    expect(Math.abs(Date.parse(seen.serverNow) - Date.now())).toBeLessThan(5000);

    for (const who of [colleague, remote]) {
      const refused = await who.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'team' });
      expect(refused.status).toBe(403);
    }
    expect(((await remote.get(`/api/documents/${reflectionId}/meeting`)).json.meeting as Meeting).step).toBe('teacher');
    // A leader can always move it on, and hand it over.
    expect((await leader.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'team', facilitatorId: colleague.user.id })).status).toBe(200);
    expect((await colleague.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'evidence' })).status).toBe(200);
    expect((await facilitator.request('PATCH', `/api/documents/${reflectionId}/meeting`, { step: 'other' })).status).toBe(403);
    await waitFor(() => meetingNotices() === 4);
    raw.ws.close();
  });

  it('lists the agreed findings and carries a plan change’s link to its finding into the next round', async () => {
    const { cycleId, planId } = await planWithRound();
    const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    const refl = await connectSynced(server.wsUrl, reflectionId, leader.cookie);
    clients.push(refl);
    refl.doc.transact(() => {
      writeFinding(refl.doc, 0, 'Tegning hjelper B å forklare', [{ text: 'B tegner kaker', step: '1' }]);
      writeFinding(refl.doc, 1, 'Introduksjonen var for lang');
      // Renamed and moved: the findings are still found.
      renameHeading(refl.doc, 'Funn vi er enige om', 'Dette lærte vi');
      moveToEnd(refl.doc, (n) => n.nodeName === 'findings');
    });
    await whenStored(refl);
    const findings = (await leader.get(`/api/documents/${planId}/findings`)).json.findings as Array<{ text: string; hasEvidence: boolean; steps: number[] }>;
    expect(findings.map((f) => [f.text, f.hasEvidence, f.steps])).toEqual([
      ['Tegning hjelper B å forklare', true, [1]],
      ['Introduksjonen var for lang', false, []],
    ]);

    // In the plan, a changed row is marked with the finding behind it, and round 2's plan keeps it.
    const plan = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(plan);
    const cellParagraph = fieldParagraph(plan.doc, 'lessonFlow', 0, 'support');
    plan.doc.transact(() => {
      cellParagraph.insert(0, [new Y.XmlText()]);
      (cellParagraph.get(0) as Y.XmlText).insert(0, 'La elevene tegne først', { findingLink: { reflectionId, finding: 'Tegning hjelper B å forklare' } });
    });
    await whenStored(plan);
    const next = (await leader.post(`/api/cycles/${cycleId}/advance`)).json.plan as { id: string };
    const nextPlan = await connectSynced(server.wsUrl, next.id, leader.cookie);
    clients.push(nextPlan);
    const text = fieldParagraph(nextPlan.doc, 'lessonFlow', 0, 'support').get(0) as Y.XmlText;
    expect(text.toDelta()).toEqual([
      { insert: 'La elevene tegne først', attributes: { findingLink: { reflectionId, finding: 'Tegning hjelper B å forklare' } } },
    ]);
  });
});
