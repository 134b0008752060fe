import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Session, teamLeader } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let lise: Session;
beforeAll(async () => {
  server = await startTestServer();
  lise = (await teamLeader(server.url)).session;
});
afterAll(async () => {
  await server.close();
});

const expectError = (res: Awaited<ReturnType<typeof request>>, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json.error?.code).toBe(code);
  expect(typeof res.json.error?.message).toBe('string');
};

describe('REST API', () => {
  it('answers health', async () => {
    const res = await request(server.url, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });

  it('creates, lists and reads teams and documents', async () => {
    const team = await lise.post('/api/teams', { name: ' 7. trinn ', school: 'Nordby skole' });
    expect(team.status).toBe(201);
    expect(team.json).toMatchObject({ name: '7. trinn', school: { name: 'Nordby skole' }, role: 'leader' });
    const teamId = team.json.id as string;
    const second = await lise.post('/api/teams', { name: '6. trinn', school: 'Nordby skole' });
    expect((second.json.school as { id: string }).id).toBe((team.json.school as { id: string }).id);

    const list = await lise.get('/api/teams');
    expect((list.json.teams as Array<{ id: string }>).map((t) => t.id)).toContain(teamId);
    expect((await lise.get(`/api/teams/${teamId}`)).json.id).toBe(teamId);

    const doc = await lise.post(`/api/teams/${teamId}/documents`, { kind: 'observation', title: 'Obs 1' });
    expect(doc.status).toBe(201);
    expect(doc.json).toMatchObject({ teamId, kind: 'observation', title: 'Obs 1', archived: false, createdBy: lise.user.id });
    const docs = await lise.get(`/api/teams/${teamId}/documents`);
    expect((docs.json.documents as Array<{ id: string }>).map((d) => d.id)).toEqual([doc.json.id]);
    const read = await lise.get(`/api/documents/${doc.json.id}`);
    expect(read.json).toMatchObject({ title: 'Obs 1', access: 'edit' });
  });

  it('rejects bad input with the error vocabulary and changes nothing', async () => {
    const before = ((await lise.get('/api/teams')).json.teams as unknown[]).length;
    expectError(await lise.request('POST', '/api/teams', '{"name": "x",'), 400, 'malformed_json');
    expectError(await lise.post('/api/teams', { name: 42, school: 'S' }), 400, 'validation_failed');
    expectError(await lise.post('/api/teams', { name: 'A', school: 'S', admin: true }), 400, 'validation_failed');
    expectError(await lise.post('/api/teams', { name: '   ', school: 'S' }), 400, 'validation_failed');
    expectError(await lise.post('/api/teams', [1, 2]), 400, 'validation_failed');
    expectError(await lise.post('/api/teams', { name: 'x'.repeat(100_000), school: 'S' }), 413, 'payload_too_large');
    expectError(
      await lise.request('POST', '/api/teams', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      400,
      'validation_failed',
    );
    expect(((await lise.get('/api/teams')).json.teams as unknown[]).length).toBe(before);
  });

  it('answers 404 for unknown ids, malformed ids and unknown endpoints alike', async () => {
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
    expectError(await lise.get(`/api/teams/${unknown}`), 404, 'not_found');
    expectError(await lise.get('/api/teams/not-an-id'), 404, 'not_found');
    expectError(await lise.get(`/api/documents/${unknown}`), 404, 'not_found');
    expectError(await lise.get(`/api/teams/${unknown}/documents`), 404, 'not_found');
    expectError(await lise.post(`/api/teams/${unknown}/documents`, { kind: 'note', title: 'x' }), 404, 'not_found');
    expectError(await lise.get('/api/nothing-here'), 404, 'not_found');
    expectError(await lise.request('DELETE', '/api/health'), 404, 'not_found');
  });

  it('rejects unknown document kinds', async () => {
    const team = await lise.post('/api/teams', { name: 'T', school: 'S' });
    expectError(
      await lise.post(`/api/teams/${team.json.id}/documents`, { kind: 'appraisal', title: 'x' }),
      400,
      'validation_failed',
    );
  });
});
