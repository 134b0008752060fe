/**
 * Retention: raw observation notes of a closed cycle are deleted when its retention runs out (the
 * clock is injected), leaders are warned 7 days before, evidence cards quoting them stay with the
 * pupil codes only, and the job also runs at start-up.
 */
import { randomBytes } from 'node:crypto';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { NOTES_FIELD } from '../../shared/observation';
import { REDACTED_NAME } from '../../shared/pupil-references';
import { addMember, request, type Session, teamLeader } from '../helpers/api';
import { type Client, connectSynced } from '../helpers/clients';
import { filesContain, queryFile } from '../helpers/db-files';
import { startTestServer, type TestServer, tempDataDir, testClock } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(clock: ReturnType<typeof testClock>, dataDir = tempDataDir()) {
  const server = await startTestServer({ dataDir, clock });
  servers.push(server);
  return server;
}

/** A cycle with a plan, one observer's notes (naming a pupil, against the rules) and a reflection quoting them. */
async function lessonWithNotes(server: TestServer, leader: Session, teamId: string, secret: string) {
  const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: `Syklus ${secret}` })).json.id as string;
  const planId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
  const observationId = (await leader.post(`/api/documents/${planId}/observations`, {})).json.id as string;
  const reflectionId = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Etterarbeid', cycleId })).json.id as string;
  const quote = `Emma hjalp B med brøken ${secret}`;

  const observer = await connectSynced(server.wsUrl, observationId, leader.cookie);
  clients.push(observer);
  const note = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ id: 'n1', at: Date.now(), pupil: 'B', category: 'pupil_talk', text: quote, observerId: leader.user.id })) note.set(k, v);
  observer.doc.getArray(NOTES_FIELD).push([note]);

  const reflection = await connectSynced(server.wsUrl, reflectionId, leader.cookie);
  clients.push(reflection);
  const card = new Y.XmlElement('evidenceCard');
  for (const [k, v] of Object.entries({ sourceDocumentId: observationId, noteId: 'n1', planId, pupil: 'B', time: '10:32', observer: 'Lise Leder', text: quote })) card.setAttribute(k, v);
  reflection.fragment.insert(reflection.fragment.length, [card]);
  await waitFor(async () => (await storedDocument(server.dataDir, observationId)).doc.getArray(NOTES_FIELD).length === 1, 10_000, 'note stored');
  await waitFor(async () => (await storedDocument(server.dataDir, reflectionId)).doc.getXmlFragment('default').toString().includes(secret), 10_000, 'card stored');
  const thread = await leader.post(`/api/documents/${observationId}/threads`, {
    anchorStart: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(reflection.fragment, 0))).toString('base64'),
    anchorEnd: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(reflection.fragment, 0))).toString('base64'),
    quote: 'notat',
    body: `Om notatet ${secret}`,
  });
  expect(thread.status).toBe(201);
  expect((await leader.post(`/api/documents/${reflectionId}/versions`, { name: 'Etter møtet' })).status).toBe(201);
  return { cycleId, planId, observationId, reflectionId, observer, reflection };
}

const secret = () => `HEMMELIG${randomBytes(6).toString('hex')}`;

describe('retention of observation notes', () => {
  it('is stated, with the other settings, where anyone can read it (the Personvern page)', async () => {
    const server = await startTestServer({ env: { SESSION_TTL_HOURS: '12', SIGNUP: 'invite', IMPORT_MAX_MB: '50', BACKUP_DIR: tempDataDir('backups'), BACKUP_EVERY_HOURS: '24', BACKUP_KEEP: '7' } });
    servers.push(server);
    const res = await request(server.url, 'GET', '/api/privacy');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      retention: { defaultObservationDays: 30, maxObservationDays: 365, warnDays: 7, auditDays: 365 },
      sessionHours: 12,
      signup: 'invite',
      storage: 'sqlite',
      secureDelete: true,
      importMaxMb: 50,
      backups: { everyHours: 24, keep: 7 },
      identityProvider: null,
    });
  });

  it('keeps them until the retention runs out after closing, warns leaders 7 days before, then deletes them', async () => {
    const clock = testClock(Date.parse('2026-03-02T12:00:00Z'));
    const server = await start(clock);
    const { session: leader, teamId } = await teamLeader(server.url);
    const member = await addMember(leader, teamId, 'member', 'Mona Medlem');
    const marker = secret();
    const lesson = await lessonWithNotes(server, leader, teamId, marker);
    const closes: number[] = [];
    lesson.observer.provider.on('connection-close', (e) => {
      if (e) closes.push(e.code);
    });

    // A running cycle has no clock; the retention setting is the leaders'.
    expect((await leader.get(`/api/teams/${teamId}/retention`)).json.pending).toEqual([]);
    expect((await member.request('PUT', `/api/cycles/${lesson.cycleId}/retention`, { observationRetentionDays: 10 })).status).toBe(403);
    expect((await leader.request('PUT', `/api/cycles/${lesson.cycleId}/retention`, { observationRetentionDays: -1 })).status).toBe(400);
    expect((await leader.request('PUT', `/api/cycles/${lesson.cycleId}/retention`, { observationRetentionDays: 366 })).status).toBe(400);
    expect((await member.get(`/api/teams/${teamId}/retention`)).status).toBe(403);
    const closedAt = clock.now().getTime();
    const closed = await member.post(`/api/cycles/${lesson.cycleId}/close`);
    expect(closed.json).toMatchObject({ closedAt: new Date(closedAt).toISOString(), observationRetentionDays: 30, observationsDeleteAt: new Date(closedAt + 30 * DAY).toISOString() });

    let pending = (await leader.get(`/api/teams/${teamId}/retention`)).json.pending as Array<{ soon: boolean; observationDocuments: number; deletesAt: string }>;
    expect(pending).toEqual([expect.objectContaining({ cycleId: lesson.cycleId, observationDocuments: 1, soon: false, deletesAt: new Date(closedAt + 30 * DAY).toISOString() })]);
    clock.set(closedAt + 23 * DAY - HOUR);
    expect(((await leader.get(`/api/teams/${teamId}/retention`)).json.pending as typeof pending)[0]!.soon).toBe(false);
    clock.set(closedAt + 23 * DAY);
    expect(((await leader.get(`/api/teams/${teamId}/retention`)).json.pending as typeof pending)[0]!.soon).toBe(true);

    clock.set(closedAt + 30 * DAY - 1);
    expect(await server.retention.run()).toMatchObject({ documents: 0 });
    expect((await leader.get(`/api/documents/${lesson.observationId}`)).status).toBe(200);

    clock.set(closedAt + 30 * DAY);
    const run = await server.retention.run();
    expect(run).toMatchObject({ cycles: 1, documents: 1, evidenceCards: 1 });
    await waitFor(() => closes.includes(CloseCode.DELETED), 10_000, 'observer closed with 4410');
    expect((await leader.get(`/api/documents/${lesson.observationId}`)).status).toBe(404);
    expect((await leader.get(`/api/documents/${lesson.planId}/timeline`)).json.notes).toEqual([]);
    expect((await leader.get(`/api/teams/${teamId}/threads?status=all`)).json.threads).toEqual([]);
    expect((await leader.get(`/api/teams/${teamId}/retention`)).json.pending).toEqual([]);
    expect((await leader.get(`/api/cycles/${lesson.cycleId}`)).json.cycle).toMatchObject({ observationsDeletedAt: new Date(closedAt + 30 * DAY).toISOString() });

    // What the team kept stays, with the pupil code only; the open editor got the change live.
    const card = () => (yXmlFragmentToProsemirrorJSON(lesson.reflection.fragment).content as Array<{ type: string; attrs: Record<string, unknown> }>).find((n) => n.type === 'evidenceCard')!;
    await waitFor(() => String(card().attrs.text).startsWith(REDACTED_NAME), 10_000, 'redacted live');
    expect(card().attrs).toMatchObject({ text: `${REDACTED_NAME} hjalp B med brøken ${marker}`, pupil: 'B', observer: 'Lise Leder', planId: lesson.planId });
    expect(card().attrs).not.toHaveProperty('sourceDocumentId');
    expect(card().attrs).not.toHaveProperty('noteId');
    const versions = (await leader.get(`/api/documents/${lesson.reflectionId}/versions`)).json.versions as Array<{ id: string }>;
    const version = (await leader.get(`/api/documents/${lesson.reflectionId}/versions/${versions[0]!.id}`)).json.update as string;
    const versionDoc = new Y.Doc();
    Y.applyUpdate(versionDoc, Buffer.from(version, 'base64'));
    expect(versionDoc.getXmlFragment('default').toString()).toContain(`${REDACTED_NAME} hjalp B`);
    expect(versionDoc.getXmlFragment('default').toString()).not.toContain('Emma');

    // No byte of the note or the name is left in the database file or its -wal.
    for (const text of ['Emma hjalp', `Om notatet ${marker}`]) expect(filesContain(server.dataDir, text), text).toMatchObject({ db: false, wal: false });
    const audit = queryFile<{ action: string; actor_id: string | null; target_id: string }>(server.dataDir, "select * from audit_events where action = 'retention.deleted'");
    expect(audit).toEqual([expect.objectContaining({ actor_id: null, target_id: lesson.observationId })]);
  });

  it('deletes at once with 0 days, and not at all while the cycle is reopened', async () => {
    const clock = testClock();
    const server = await start(clock);
    const { session: leader, teamId } = await teamLeader(server.url);
    const now = await lessonWithNotes(server, leader, teamId, secret());
    expect((await leader.request('PUT', `/api/cycles/${now.cycleId}/retention`, { observationRetentionDays: 0 })).json).toMatchObject({ observationRetentionDays: 0 });
    await leader.post(`/api/cycles/${now.cycleId}/close`);
    expect((await leader.get(`/api/documents/${now.observationId}`)).status).toBe(404);

    const later = await lessonWithNotes(server, leader, teamId, secret());
    await leader.post(`/api/cycles/${later.cycleId}/close`);
    expect((await leader.post(`/api/cycles/${later.cycleId}/reopen`)).json).toMatchObject({ closedAt: null, observationsDeleteAt: null });
    clock.advance(400 * DAY);
    await server.retention.run();
    expect((await leader.get(`/api/documents/${later.observationId}`)).status).toBe(200);
  });

  it('runs at start-up, and deletes audit events after 12 months', async () => {
    const clock = testClock();
    const dataDir = tempDataDir();
    const first = await start(clock, dataDir);
    const { session: leader, teamId } = await teamLeader(first.url);
    const lesson = await lessonWithNotes(first, leader, teamId, secret());
    await leader.post(`/api/cycles/${lesson.cycleId}/close`);
    expect((await fetch(`${first.url}/api/teams/${teamId}/export`, { headers: { cookie: leader.cookie } })).status).toBe(200);
    for (const c of clients.splice(0)) c.destroy();
    await first.close();
    servers.splice(0);

    clock.advance(366 * DAY);
    const second = await start(clock, dataDir);
    await waitFor(() => queryFile<{ n: number }>(dataDir, "select count(*) as n from documents where kind = 'observation'")[0]!.n === 0, 10_000, 'start-up run');
    expect(queryFile(dataDir, "select * from audit_events where action = 'team.exported'")).toEqual([]);
    expect(queryFile<{ action: string }>(dataDir, 'select action from audit_events').map((a) => a.action)).toEqual(['retention.deleted']);
    const cycle = await request(second.url, 'GET', `/api/cycles/${lesson.cycleId}`, undefined, { cookie: leader.cookie });
    expect(cycle.json.cycle).toMatchObject({ observationsDeletedAt: clock.now().toISOString() });

  });
});
