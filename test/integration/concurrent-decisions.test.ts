import { describe, expect, it } from 'vitest';
import { addMember, signUp } from '../helpers/api';
import { startTestServer } from '../helpers/server';
import { teamSuite } from '../helpers/team-suite';

/**
 * Decisions that read, decide and then write, raced by real concurrent HTTP requests. Each is one
 * transaction whose check holds while requests interleave (on SQLite through the gate, on
 * PostgreSQL under READ COMMITTED through a row lock or a conditional write).
 */
const suite = teamSuite();

const leadersOf = async (teamId: string) =>
  ((await suite.leader.get(`/api/teams/${teamId}/members`)).json.members as Array<{ userId: string; role: string }>).filter((m) => m.role === 'leader');

describe('decisions raced by concurrent requests', () => {
  it('the two last leaders stepping down at once: one does, the other is refused, one leader is left', async () => {
    const { leader, teamId } = suite;
    for (let round = 0; round < 3; round++) {
      const second = await addMember(leader, teamId, 'leader', `Nestleder ${round}`);
      const first = round === 0 ? leader : second;
      const other = round === 0 ? second : leader;
      const answers = await Promise.all([
        first.request('PATCH', `/api/teams/${teamId}/members/${first.user.id}`, { role: 'member' }),
        other.request('PATCH', `/api/teams/${teamId}/members/${other.user.id}`, { role: 'member' }),
      ]);
      expect(answers.map((a) => a.status).toSorted()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.json.error?.code).toBe('last_leader');
      expect(await leadersOf(teamId)).toHaveLength(1);
      // Back to the leader as the only leader for the next round (removing the other).
      if ((await leadersOf(teamId))[0]!.userId !== leader.user.id) {
        expect((await second.request('PATCH', `/api/teams/${teamId}/members/${leader.user.id}`, { role: 'leader' })).status).toBe(200);
      }
      expect((await leader.request('DELETE', `/api/teams/${teamId}/members/${second.user.id}`)).status).toBe(204);
    }
  });

  it('two last leaders removing each other at once leave one of them', async () => {
    const { leader, teamId } = suite;
    const second = await addMember(leader, teamId, 'leader', 'Nestleder');
    const answers = await Promise.all([
      leader.request('DELETE', `/api/teams/${teamId}/members/${second.user.id}`),
      second.request('DELETE', `/api/teams/${teamId}/members/${second.user.id}`),
      second.request('PATCH', `/api/teams/${teamId}/members/${leader.user.id}`, { role: 'member' }),
    ]);
    expect(answers.filter((a) => a.status < 300).length).toBeGreaterThanOrEqual(1);
    expect(await leadersOf(teamId)).toHaveLength(1);
  });

  it('a one-use invitation accepted by four people at once lets exactly one in', async () => {
    const { leader, teamId } = suite;
    const invite = await leader.post(`/api/teams/${teamId}/invites`, { role: 'member', maxUses: 1 });
    expect(invite.status).toBe(201);
    const people = await Promise.all(['Anna', 'Bjørn', 'Cecilie', 'Dag'].map((name) => signUp(leader.baseUrl, name)));
    const answers = await Promise.all(people.map((p) => p.post(`/api/invites/${invite.json.token}/accept`)));
    expect(answers.map((a) => a.status).toSorted()).toEqual([200, 404, 404, 404]);
    const members = (await leader.get(`/api/teams/${teamId}/members`)).json.members as Array<{ userId: string }>;
    expect(members).toHaveLength(2);
    const winner = people[answers.findIndex((a) => a.status === 200)]!;
    expect(members.map((m) => m.userId)).toContain(winner.user.id);
  });

  it('one person accepting the same invitation three times at once joins once and uses it once', async () => {
    const { leader, teamId } = suite;
    const invite = await leader.post(`/api/teams/${teamId}/invites`, { role: 'member', maxUses: 5 });
    const person = await signUp(leader.baseUrl, 'Eirik');
    const answers = await Promise.all([1, 2, 3].map(() => person.post(`/api/invites/${invite.json.token}/accept`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json.teamId)).toEqual([teamId, teamId, teamId]);
    const members = (await leader.get(`/api/teams/${teamId}/members`)).json.members as Array<{ userId: string }>;
    expect(members.filter((m) => m.userId === person.user.id)).toHaveLength(1);
    const invites = (await leader.get(`/api/teams/${teamId}/invites`)).json.invites as Array<{ id: string; uses: number }>;
    expect(invites.find((i) => i.id === invite.json.id)!.uses).toBe(1);
  });

  it('six first sign-ups at once on a new server: one creates the school and its team, the others are ordinary accounts', async () => {
    const fresh = await startTestServer();
    try {
      const people = await Promise.all(
        ['Kari', 'Ola', 'Per', 'Siri', 'Tor', 'Una'].map((name) => signUp(fresh.url, `${name} Først`, { school: `Skole ${name}`, team: `Team ${name}` })),
      );
      const teams = await Promise.all(people.map(async (p) => ((await p.get('/api/teams')).json.teams as unknown[]).length));
      expect(teams.toSorted()).toEqual([0, 0, 0, 0, 0, 1]);
    } finally {
      await fresh.close();
    }
  });
});
