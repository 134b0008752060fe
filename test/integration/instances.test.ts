import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes';
import { addMember, createDocument, PASSWORD, request, Session, teamLeader } from '../helpers/api';
import { appendParagraph, connectSynced, fragmentText } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { waitFor } from '../helpers/wait';

/**
 * Two instances of the real server (DATABASE_URL + REDIS_URL, as deployed behind a load balancer)
 * on one throwaway PostgreSQL and one Redis: a person's requests and sockets land on either.
 */
let postgres: Postgres;
let redis: RedisServer;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    SECRET_KEY: 'the same secret key on every instance of this test',
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3',
  };
  a = await startTestServer({ env });
  b = await startTestServer({ env });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

/** The same signed-in person, talking to the other instance (the session is in the database). */
const on = (server: TestServer, s: Session) => new Session(server.url, s.cookie, s.user);

describe('two instances on one PostgreSQL and Redis', () => {
  it('serve one person on either, and co-edit one document through both collab endpoints', async () => {
    const { session, teamId } = await teamLeader(a.url);
    expect((await on(b, session).get(`/api/teams/${teamId}`)).status).toBe(200);
    const documentId = await createDocument(on(b, session), teamId, 'note', 'Delt notat');
    const mona = await addMember(session, teamId, 'member', 'Mona');
    const viaA = await connectSynced(a.wsUrl, documentId, session.cookie);
    const viaB = await connectSynced(b.wsUrl, documentId, mona.cookie);
    try {
      appendParagraph(viaA.fragment, 'fra instans A');
      appendParagraph(viaB.fragment, 'fra instans B');
      await waitFor(() => fragmentText(viaA.fragment).includes('fra instans B') && fragmentText(viaB.fragment).includes('fra instans A'), 10_000, 'both edits on both');
      expect(fragmentText(viaA.fragment)).toBe(fragmentText(viaB.fragment));
    } finally {
      viaA.destroy();
      viaB.destroy();
    }
  });

  it('count failed logins together: the limit holds however the tries are spread', async () => {
    const { session } = await teamLeader(a.url, 'Lise Grense');
    const wrong = (server: TestServer) => request(server.url, 'POST', '/api/auth/login', { email: session.user.email, password: `${PASSWORD}x` }, { origin: server.url });
    expect((await wrong(a)).status).toBe(401);
    expect((await wrong(b)).status).toBe(401);
    expect((await wrong(a)).status).toBe(401);
    // Three failures from this address, on two instances: the fourth waits, on either.
    for (const server of [b, a]) {
      const fourth = await wrong(server);
      expect(fourth.status).toBe(429);
      expect(fourth.json.error?.code).toBe('rate_limited');
    }
  });

  it('show on the team home who is in a document on the other instance', async () => {
    const { session, teamId } = await teamLeader(a.url, 'Lise Hjem');
    const documentId = await createDocument(session, teamId, 'note', 'Her er jeg');
    const mona = await addMember(session, teamId, 'member', 'Mona Tilstede');
    const client = await connectSynced(a.wsUrl, documentId, mona.cookie);
    try {
      const online = async () => ((await on(b, session).get(`/api/teams/${teamId}/home`)).json.online as Array<{ userId: string; documentId: string; documentTitle: string }>);
      const seen = await waitFor(async () => (await online()).find((o) => o.userId === mona.user.id), 10_000, 'Mona on the team home of the other instance');
      expect(seen).toMatchObject({ documentId, documentTitle: 'Her er jeg' });
      client.destroy();
      await waitFor(async () => !(await online()).some((o) => o.userId === mona.user.id), 15_000, 'Mona gone from the team home');
    } finally {
      client.destroy();
    }
  });

  it('close a removed member’s socket on the other instance', async () => {
    const { session, teamId } = await teamLeader(a.url, 'Lise Fjerner');
    const documentId = await createDocument(session, teamId, 'note', 'Notat');
    const mona = await addMember(session, teamId, 'member', 'Mona Fjernes');
    const client = await connectSynced(b.wsUrl, documentId, mona.cookie);
    const closed = new Promise<{ code: number }>((resolve) => client.provider.once('closed', resolve));
    expect((await session.request('DELETE', `/api/teams/${teamId}/members/${mona.user.id}`)).status).toBe(204);
    expect((await closed).code).toBe(CloseCode.ACCESS_REVOKED);
    client.destroy();
  });
});
