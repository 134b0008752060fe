/**
 * Private drafts: a document its author keeps to themselves until it is shared with one click.
 * (Every surface answering 404 to everyone else is in the access matrix's private axis.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes';
import type { AuditEvent } from '../../shared/audit';
import { addMember, PASSWORD, type Session, teamLeader } from '../helpers/api';
import { rawSocket } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let leader: Session;
let member: Session;
let teamId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { SIGNUPS_PER_ADDRESS_PER_HOUR: '1000' } });
  ({ session: leader, teamId } = await teamLeader(server.url));
  member = await addMember(leader, teamId, 'member', 'Mona Medlem');
});
afterAll(async () => {
  await server.close();
});

describe('private drafts', () => {
  it('are the author\'s alone until shared with one click, which the team then sees and the audit log records', async () => {
    const created = await member.post(`/api/teams/${teamId}/documents`, { kind: 'log', title: 'Min refleksjonslogg', visibility: 'private' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ visibility: 'private' });
    const id = created.json.id as string;
    expect((await member.post(`/api/teams/${teamId}/documents`, { kind: 'note', title: 'Delt' })).json).toMatchObject({ visibility: 'team' });

    expect((await leader.get(`/api/documents/${id}`)).status).toBe(404);
    expect(((await leader.get(`/api/teams/${teamId}/documents`)).json.documents as Array<{ id: string }>).map((d) => d.id)).not.toContain(id);
    const socket = await rawSocket(server.wsUrl, id, leader.cookie);
    expect((await socket.closed).code).toBe(CloseCode.NOT_FOUND);
    // Sharing is the author's: to anyone else the draft does not exist.
    expect((await leader.post(`/api/documents/${id}/share`)).status).toBe(404);

    const shared = await member.post(`/api/documents/${id}/share`);
    expect(shared.status).toBe(200);
    expect(shared.json).toMatchObject({ id, visibility: 'team' });
    expect((await leader.get(`/api/documents/${id}`)).json).toMatchObject({ title: 'Min refleksjonslogg', visibility: 'team' });
    expect((await member.post(`/api/documents/${id}/share`)).json).toMatchObject({ visibility: 'team' });

    const activity = (await leader.get(`/api/teams/${teamId}/activity`)).json.activity as Array<{ verb: string; documentId: string; actorName: string }>;
    expect(activity.find((a) => a.verb === 'document.shared')).toMatchObject({ documentId: id, actorName: 'Mona Medlem' });
    const audit = (await leader.get(`/api/teams/${teamId}/audit?action=document.shared`)).json.events as AuditEvent[];
    expect(audit).toEqual([expect.objectContaining({ actorId: member.user.id, targetId: id, address: '127.0.0.1' })]);
  });

  it('cannot be an observation: the live timeline needs every observer\'s notes', async () => {
    const res = await member.post(`/api/teams/${teamId}/documents`, { kind: 'observation', title: 'Notater', visibility: 'private' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'validation_failed' });
    expect((await member.post(`/api/teams/${teamId}/documents`, { kind: 'note', title: 'x', visibility: 'secret' })).status).toBe(400);
  });

  it('are not the team\'s work: a cycle with only a private plan still lacks one, and its lesson is not observed until shared', async () => {
    const cycleId = (await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus' })).json.id as string;
    const plan = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId, visibility: 'private' })).json.id as string;
    for (const who of [leader, member]) {
      expect((await who.get(`/api/cycles/${cycleId}`)).json.gaps).toContainEqual({ code: 'no_plan', round: 1 });
    }
    expect((await member.post(`/api/documents/${plan}/observations`, {})).status).toBe(409);
    await member.post(`/api/documents/${plan}/share`);
    expect((await leader.get(`/api/cycles/${cycleId}`)).json.gaps).not.toContainEqual({ code: 'no_plan', round: 1 });
    expect((await member.post(`/api/documents/${plan}/observations`, {})).status).toBe(201);
  });

  it('go with their author\'s account', async () => {
    const leaving = await addMember(leader, teamId, 'member', 'Tor Slutter');
    const draft = (await leaving.post(`/api/teams/${teamId}/documents`, { kind: 'log', title: 'Bare mitt', visibility: 'private' })).json.id as string;
    const res = await leaving.request('DELETE', '/api/auth/me', { password: PASSWORD });
    expect(res.json.deleted).toEqual({ teamsDeleted: 0, privateDocumentsDeleted: 1 });
    const again = await rawSocket(server.wsUrl, draft, member.cookie);
    expect((await again.closed).code).toBe(CloseCode.NOT_FOUND);
  });

  it('leave no title in the audit log when deleted: leaders read it, and the title was never theirs', async () => {
    const draft = (await member.post(`/api/teams/${teamId}/documents`, { kind: 'log', title: 'Hemmelig kladd', visibility: 'private' })).json.id as string;
    expect((await member.request('DELETE', `/api/documents/${draft}`)).status).toBe(204);
    const events = (await leader.get(`/api/teams/${teamId}/audit?action=document.deleted`)).json.events as AuditEvent[];
    expect(events.find((e) => e.targetId === draft)).toMatchObject({ actorId: member.user.id, detail: { kind: 'log' } });
    expect(JSON.stringify(events)).not.toContain('Hemmelig kladd');
    expect(JSON.stringify(events)).not.toContain('Bare mitt');
  });
});
