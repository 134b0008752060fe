/**
 * The audit log records each kind of event (reads of raw observation notes by socket, timeline
 * and export; exports; deletions; role changes; invitations) with who, what, when and from where,
 * and leaders can filter it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../shared/audit';
import { addMember, signUp, type Session, teamLeader } from '../helpers/api';
import { connectSynced, rawSocket } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let leader: Session;
let member: Session;
let teamId: string;
let observationId: string;
let cycleId: string;

const events = async (query = '') => {
  const res = await leader.get(`/api/teams/${teamId}/audit${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json.events as AuditEvent[];
};

beforeAll(async () => {
  server = await startTestServer({ env: { SIGNUPS_PER_ADDRESS_PER_HOUR: '1000' } });
  ({ session: leader, teamId } = await teamLeader(server.url, 'Lise Leder', 'Team Logg'));
  member = await addMember(leader, teamId, 'member', 'Mona Medlem');
  cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus' })).json.id as string;
  const plan = (await leader.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
  observationId = (await member.post(`/api/documents/${plan}/observations`, {})).json.id as string;

  // Reads of raw notes: a socket (twice: one event within 10 minutes), the timeline, a Word export.
  for (let i = 0; i < 2; i++) (await connectSynced(server.wsUrl, observationId, member.cookie)).destroy();
  expect((await leader.get(`/api/documents/${plan}/timeline`)).status).toBe(200);
  expect((await leader.get(`/api/documents/${observationId}/export.docx`)).status).toBe(200);
  // A plan is not raw notes: opening it is not logged.
  (await connectSynced(server.wsUrl, plan, member.cookie)).destroy();
  // Roles and invitations.
  await leader.request('PATCH', `/api/teams/${teamId}/members/${member.user.id}`, { role: 'guest' });
  await leader.request('PATCH', `/api/teams/${teamId}/members/${member.user.id}`, { role: 'member' });
  await leader.request('PATCH', `/api/teams/${teamId}/members/${member.user.id}`, { role: 'member' });
  const invite = (await leader.post(`/api/teams/${teamId}/invites`, { role: 'viewer' })).json.id as string;
  await leader.request('DELETE', `/api/teams/${teamId}/invites/${invite}`);
  const tor = await addMember(leader, teamId, 'viewer', 'Tor Leser');
  await leader.request('DELETE', `/api/teams/${teamId}/members/${tor.user.id}`);
  // Settings, exports and deletions.
  await leader.request('PUT', `/api/cycles/${cycleId}/retention`, { observationRetentionDays: 14 });
  await (await fetch(`${server.url}/api/teams/${teamId}/export`, { headers: { cookie: leader.cookie } })).arrayBuffer();
  const spare = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Kastes' })).json.id as string;
  await leader.request('DELETE', `/api/cycles/${spare}`, { confirm: 'Kastes' });
});

afterAll(async () => {
  await server.close();
});

describe('audit log', () => {
  it('records who did what, when and from which address, for each kind of event', async () => {
    const all = await events();
    const count = (action: string) => all.filter((e) => e.action === action).length;
    expect(count('observation.opened')).toBe(1);
    expect(count('observation.timeline')).toBe(1);
    expect(count('observation.exported')).toBe(2); // the Word file and the team export
    expect(count('member.role')).toBe(2); // setting the same role again changes nothing
    expect(count('invite.created')).toBe(3); // Mona's, Tor's and the revoked one
    expect(count('invite.revoked')).toBe(1);
    expect(count('invite.accepted')).toBe(2);
    expect(count('member.removed')).toBe(1);
    expect(count('cycle.retention')).toBe(1);
    expect(count('team.exported')).toBe(1);
    expect(count('cycle.deleted')).toBe(1);
    const opened = all.find((e) => e.action === 'observation.opened')!;
    expect(opened).toMatchObject({ actorId: member.user.id, actorName: 'Mona Medlem', targetType: 'document', targetId: observationId, address: '127.0.0.1' });
    expect(Date.parse(opened.createdAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(all.find((e) => e.action === 'member.role')).toMatchObject({ actorName: 'Lise Leder', targetId: member.user.id, detail: { from: 'guest', to: 'member' } });
    expect(all.find((e) => e.action === 'cycle.retention')).toMatchObject({ targetId: cycleId, detail: { from: 30, to: 14 } });
    // Newest first.
    expect(all.map((e) => e.createdAt)).toEqual(all.map((e) => e.createdAt).toSorted().toReversed());
  });

  it('filters by action, person, target and time, and pages with a cursor', async () => {
    expect((await events('?action=member.role')).map((e) => e.action)).toEqual(['member.role', 'member.role']);
    const mine = await events(`?actorId=${member.user.id}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actorId === member.user.id)).toBe(true);
    expect((await events(`?targetId=${observationId}`)).every((e) => e.targetId === observationId)).toBe(true);
    expect(await events(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect((await events(`?to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`))).toEqual([]);

    const all = await events();
    const pages: AuditEvent[] = [];
    let before = '';
    for (;;) {
      const page = await events(`?limit=3${before ? `&before=${before}` : ''}`);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(3);
      pages.push(...page);
      before = page[page.length - 1]!.id;
    }
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));

    for (const bad of ['?action=nope', '?limit=0', '?limit=100000', '?from=yesterday', '?actorId=x']) {
      expect((await leader.get(`/api/teams/${teamId}/audit${bad}`)).status, bad).toBe(400);
    }
  });

  it('is for leaders only', async () => {
    expect((await member.get(`/api/teams/${teamId}/audit`)).status).toBe(403);
    const outsider = await signUp(server.url, 'Otto Utenfor');
    const res = await outsider.get(`/api/teams/${teamId}/audit`);
    expect(res.status).toBe(404);
    const raw = await rawSocket(server.wsUrl, observationId, outsider.cookie);
    await raw.closed;
    expect((await events('?action=observation.opened')).map((e) => e.actorId)).toEqual([member.user.id]);
  });
});
