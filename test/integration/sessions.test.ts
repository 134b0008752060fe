import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, request, Session, sessionCookie, signUp, teamLeader, uniqueEmail } from '../helpers/api';
import { queryDatabase } from '../helpers/db-files';
import { type Env, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});
const start = async (env: Env = {}) => {
  server = await startTestServer({ env });
  return server;
};
const login = (baseUrl: string, email: string, password: string, headers: Record<string, string> = {}) =>
  request(baseUrl, 'POST', '/api/auth/login', { email, password }, { origin: baseUrl, ...headers });

describe('accounts and sessions', () => {
  it('the first account creates the school and its team; there is no default account', async () => {
    const { url, dataDir } = await start();
    expect((await request(url, 'GET', '/api/auth/setup')).json).toMatchObject({ firstRun: true });
    const incomplete = await request(url, 'POST', '/api/auth/signup', { email: 'a@skole.test', password: PASSWORD, name: 'A' }, { origin: url });
    expect(incomplete.status).toBe(400);
    const { session, teamId } = await teamLeader(url);
    expect((await session.get(`/api/teams/${teamId}`)).json).toMatchObject({ role: 'leader', school: { name: 'Nordby skole' } });
    expect((await request(url, 'GET', '/api/auth/setup')).json).toMatchObject({ firstRun: false });
    // A later sign-up sees nothing until it creates a team or accepts an invitation.
    const later = await signUp(url, 'Senere');
    expect((await later.get('/api/teams')).json.teams).toEqual([]);

    const rows = await queryDatabase<{ h: string }>(dataDir, 'select password_hash as h from users');
    expect(rows.length).toBe(2);
    for (const { h } of rows) {
      expect(h).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
      expect(h).not.toContain(PASSWORD);
    }
  });

  it('sets an httpOnly, SameSite cookie (Secure over https) and never exposes the token otherwise', async () => {
    const { url } = await start();
    const { session } = await teamLeader(url);
    const res = await login(url, session.user.email, PASSWORD);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Expires=/);
    expect(cookie).not.toMatch(/Secure/i);
    expect(res.text).not.toContain(sessionCookie(res).split('=')[1]!);
    const secure = await login(url, session.user.email, PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(secure.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('rotates the session on login and revokes it on logout', async () => {
    const { url } = await start();
    const { session } = await teamLeader(url);
    const res = await login(url, session.user.email, PASSWORD, { cookie: session.cookie });
    expect(res.status).toBe(200);
    const rotated = new Session(url, sessionCookie(res), session.user);
    expect(rotated.cookie).not.toBe(session.cookie);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await rotated.get('/api/auth/me')).status).toBe(200);

    expect((await rotated.post('/api/auth/logout')).status).toBe(204);
    const after = await rotated.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.json.error?.code).toBe('unauthenticated');
  });

  it('ends a session when it expires', async () => {
    const { url, dataDir } = await start();
    const { session } = await teamLeader(url);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    await queryDatabase(dataDir, 'update sessions set expires_at = ? where user_id = ?', Date.now() - 1000, session.user.id);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await session.get('/api/teams')).status).toBe(401);
  });

  it('refuses cookie-authenticated changes from another origin or without an Origin', async () => {
    const { url } = await start();
    const { session } = await teamLeader(url);
    const body = { name: 'CSRF-team', school: 'S' };
    const foreign = await session.request('POST', '/api/teams', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error?.code).toBe('forbidden');
    const none = await request(url, 'POST', '/api/teams', body, { cookie: session.cookie });
    expect(none.status).toBe(403);
    expect(((await session.get('/api/teams')).json.teams as Array<{ name: string }>).map((t) => t.name)).not.toContain('CSRF-team');
    expect((await session.post('/api/teams', body)).status).toBe(201);
  });

  it('rate-limits failed logins per (account, address) pair, without locking the owner out on another address', async () => {
    const { url } = await start({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3', TRUST_PROXY: 'true' });
    const { session } = await teamLeader(url);
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    for (let i = 0; i < 3; i++) expect((await login(url, session.user.email, 'feil passord', attacker)).status).toBe(401);
    // From the attacker's address, even the right password waits now.
    const blocked = await login(url, session.user.email, PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.json.error?.code).toBe('rate_limited');
    // The owner, from her school's address, logs in as usual.
    expect((await login(url, session.user.email, PASSWORD, { 'x-forwarded-for': '198.51.100.10' })).status).toBe(200);
  });

  it('slows an account attacked from many addresses to one try per period, never a lockout', async () => {
    const { url } = await start({ TRUST_PROXY: 'true', LOGIN_ACCOUNT_FAILURE_BURST: '4', LOGIN_ACCOUNT_FAILURE_REFILL_SECONDS: '60' });
    const { session } = await teamLeader(url);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login(url, session.user.email, 'feil passord', { 'x-forwarded-for': `203.0.113.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    const owner = await login(url, session.user.email, PASSWORD, { 'x-forwarded-for': '198.51.100.10' });
    expect(owner.status).toBe(429);
    // Slowed, not locked: the wait is at most one refill period.
    const wait = (owner.json.error as unknown as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it('counts wrong passwords given to delete the account like wrong passwords at login', async () => {
    const { url } = await start({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3' });
    const { session } = await teamLeader(url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await session.request('DELETE', '/api/auth/me', { password: 'feil passord' })).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    expect((await login(url, session.user.email, PASSWORD)).status).toBe(429);
    expect((await session.get('/api/auth/me')).status).toBe(200);
  });

  it('rate-limits failed logins per address across accounts', async () => {
    const { url } = await start({ LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    await teamLeader(url);
    for (let i = 0; i < 4; i++) expect((await login(url, uniqueEmail('gjetting'), 'feil passord')).status).toBe(401);
    expect((await login(url, uniqueEmail('gjetting'), 'feil passord')).status).toBe(429);
  });

  it('answers a sign-up with an address that has an account exactly as one with a new address', async () => {
    const { url, dataDir } = await start();
    const { session } = await teamLeader(url);
    const signup = (email: string) => request(url, 'POST', '/api/auth/signup', { email, password: PASSWORD, name: 'Ny Person' }, { origin: url });
    const fresh = await signup(uniqueEmail('ny'));
    const existing = await signup(session.user.email);
    expect(existing.status).toBe(fresh.status);
    const shape = (r: typeof fresh) => ({
      keys: Object.keys(r.json.user as object).toSorted(),
      idLength: (r.json.user as { id: string }).id.length,
      cookie: (r.headers.get('set-cookie') ?? '').replace(/fellesrom_session=[^;]+/, 'fellesrom_session=X').replace(/Expires=[^;]+/i, 'Expires=X'),
      headers: [...r.headers.keys()].toSorted(),
    });
    expect(shape(existing)).toEqual(shape(fresh));
    expect((existing.json.user as { email: string }).email).toBe(session.user.email);
    expect((existing.json.user as { id: string }).id).not.toBe(session.user.id);
    // Nothing was created, the account is untouched, and the cookie opens nothing.
    expect((await queryDatabase<{ n: number }>(dataDir, 'select count(*) as n from users where email = ?', session.user.email))[0]!.n).toBe(1);
    expect((await request(url, 'GET', '/api/auth/me', undefined, { cookie: sessionCookie(existing) })).status).toBe(401);
    expect((await login(url, session.user.email, PASSWORD)).status).toBe(200);
  });

  it('answers the same for an unknown account as for a wrong password', async () => {
    const { url } = await start();
    const { session } = await teamLeader(url);
    const wrong = await login(url, session.user.email, 'feil passord');
    const unknown = await login(url, 'ingen@skole.test', 'feil passord');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.text).toBe(unknown.text);
  });

  it('can restrict sign-up to invited people, or to school e-mail domains', async () => {
    const invited = await start({ SIGNUP: 'invite' });
    const { session, teamId } = await teamLeader(invited.url);
    const body = { email: uniqueEmail('ny'), password: PASSWORD, name: 'Ny' };
    expect((await request(invited.url, 'POST', '/api/auth/signup', body, { origin: invited.url })).status).toBe(403);
    const invite = await session.post(`/api/teams/${teamId}/invites`, { role: 'member' });
    const ok = await request(invited.url, 'POST', '/api/auth/signup', { ...body, inviteToken: invite.json.token }, { origin: invited.url });
    expect(ok.status).toBe(201);
    const joined = new Session(invited.url, sessionCookie(ok), ok.json.user as Session['user']);
    expect(((await joined.get('/api/teams')).json.teams as Array<{ id: string }>).map((t) => t.id)).toEqual([teamId]);
    await invited.close();

    const domains = await start({ SIGNUP: 'domains', SIGNUP_DOMAINS: 'nordby.kommune.no' });
    await teamLeader(domains.url);
    const outside = { email: 'a@gmail.com', password: PASSWORD, name: 'A' };
    expect((await request(domains.url, 'POST', '/api/auth/signup', outside, { origin: domains.url })).status).toBe(403);
    const inside = { email: 'b@nordby.kommune.no', password: PASSWORD, name: 'B' };
    expect((await request(domains.url, 'POST', '/api/auth/signup', inside, { origin: domains.url })).status).toBe(201);
  });

  it('invitation links expire, run out, can be revoked, and never demote', async () => {
    const { url, dataDir } = await start();
    const { session: leader, teamId } = await teamLeader(url);
    const once = await leader.post(`/api/teams/${teamId}/invites`, { role: 'guest', maxUses: 1 });
    const a = await signUp(url, 'A');
    expect((await a.post(`/api/invites/${once.json.token}/accept`)).json).toEqual({ teamId, role: 'guest' });
    const b = await signUp(url, 'B');
    expect((await b.post(`/api/invites/${once.json.token}/accept`)).status).toBe(404);
    expect((await request(url, 'GET', `/api/invites/${once.json.token}`)).status).toBe(404);

    const revoked = await leader.post(`/api/teams/${teamId}/invites`, { role: 'member' });
    expect((await leader.request('DELETE', `/api/teams/${teamId}/invites/${revoked.json.id}`)).status).toBe(204);
    expect((await b.post(`/api/invites/${revoked.json.token}/accept`)).status).toBe(404);

    const expiring = await leader.post(`/api/teams/${teamId}/invites`, { role: 'member' });
    await queryDatabase(dataDir, 'update invites set expires_at = ? where id = ?', Date.now() - 1, expiring.json.id);
    expect((await b.post(`/api/invites/${expiring.json.token}/accept`)).status).toBe(404);

    // The leader opening a viewer link keeps leading.
    const viewerLink = await leader.post(`/api/teams/${teamId}/invites`, { role: 'viewer' });
    expect((await leader.post(`/api/invites/${viewerLink.json.token}/accept`)).json).toEqual({ teamId, role: 'leader' });
  });

  it('keeps at least one leader in a team', async () => {
    const { url } = await start();
    const { session: leader, teamId } = await teamLeader(url);
    const demote = await leader.request('PATCH', `/api/teams/${teamId}/members/${leader.user.id}`, { role: 'member' });
    expect(demote.status).toBe(409);
    expect((await leader.request('DELETE', `/api/teams/${teamId}/members/${leader.user.id}`)).status).toBe(409);
    expect((await leader.get(`/api/teams/${teamId}`)).json.role).toBe('leader');
  });
});
