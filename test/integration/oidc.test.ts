/**
 * Sign-in with OpenID Connect against a real OpenID Provider (oidc-provider, playing Feide) in its
 * own process and port: the whole authorization code flow with PKCE over real HTTP redirects and
 * cookies, and every way it must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../helpers/db-files';
import { PASSWORD, request, Session, signUp, teamLeader } from '../helpers/api';
import { HttpBrowser } from '../helpers/http-browser';
import { logsDuring, refusals } from '../helpers/logs';
import { startOidcProvider, type TestAccount, type TestProvider } from '../helpers/oidc-provider';
import { startTestServer, type TestServer } from '../helpers/server';

const school = (name: string, unit: string, primary: boolean) => ({
  id: `fc:org:nordby.kommune.no:unit:${unit}`,
  type: 'fc:org',
  displayName: name,
  orgType: ['primary_and_lower_secondary'],
  parent: 'fc:org:nordby.kommune.no',
  membership: { basic: 'member', primarySchool: primary },
});
const owner = { id: 'fc:org:nordby.kommune.no', type: 'fc:org', displayName: 'Nordby kommune', orgType: ['primary_and_lower_secondary_owner'] };
const accounts: TestAccount[] = [
  { sub: 'kari-1', name: 'Kari Feide', email: 'kari@nordby.kommune.no', feideId: 'kari@nordby.kommune.no', groups: [owner, school('Bakken skole', 'NO2', false), school('Nordby skole', 'NO1', true)] },
  // The same Feide user under a new subject (e.g. after the provider merged two records).
  { sub: 'kari-2', name: 'Kari Feide', email: 'kari@nordby.kommune.no', feideId: 'kari@nordby.kommune.no' },
  { sub: 'per-1', name: 'Per Kollega', email: 'per@nordby.kommune.no', feideId: 'per@nordby.kommune.no', groups: [owner, school('Nordby skole', 'NO1', true)] },
  { sub: 'ola-1', name: 'Ola Passord', email: 'ola.passord@skole.test', feideId: 'ola@nordby.kommune.no' },
  { sub: 'uten-epost', name: 'Uten Epost', feideId: 'uten@nordby.kommune.no' },
  { sub: 'ny-1', name: 'Nora Ny', email: 'nora@andre.kommune.no', feideId: 'nora@andre.kommune.no' },
  { sub: 'ny-2', name: 'Nils Ny', email: 'nils@nordby.kommune.no', feideId: 'nils@nordby.kommune.no' },
  { sub: 'ny-3', name: 'Nina Ny', email: 'nina@nordby.kommune.no', feideId: 'nina@nordby.kommune.no' },
];

let idp: TestProvider;
let server: TestServer;
beforeAll(async () => {
  idp = await startOidcProvider({ accounts });
  server = await startTestServer({ env: { ...idp.env, LOG_LEVEL: 'warn' } });
  await idp.register(`${server.url}/api/auth/oidc/callback`);
});
afterAll(async () => {
  await server?.close();
  await idp?.stop();
});

const callbackPrefix = (s: TestServer) => `${s.url}/api/auth/oidc/callback`;

/** Starts at our /start, signs in at the provider as `sub`, and stops before our callback. */
async function toCallback(browser: HttpBrowser, s: TestServer, sub: string, options: { query?: string; decision?: 'allow' | 'deny'; authorize?: (url: string) => string } = {}) {
  const start = await browser.go(`${s.url}/api/auth/oidc/start${options.query ?? ''}`);
  expect(start.status).toBe(302);
  const authorizeUrl = options.authorize ? options.authorize(start.location!) : start.location!;
  const atProvider = await browser.follow(authorizeUrl, (next) => next.includes('/interaction/'));
  const interaction = atProvider.location!;
  expect((await browser.go(interaction)).text).toContain('Logg inn hos test-IdP');
  const submitted = await browser.go(interaction, { form: { login: sub, decision: options.decision ?? 'allow' } });
  const back = await browser.follow(submitted.location!, (next) => next.startsWith(callbackPrefix(s)));
  expect(back.location).toMatch(new RegExp(`^${callbackPrefix(s)}\\?`));
  return { authorizeUrl, callback: back.location! };
}

/** The whole flow: the answer of our callback, and the session it set (if any). */
async function signInAs(sub: string, options: Parameters<typeof toCallback>[3] & { browser?: HttpBrowser; server?: TestServer } = {}) {
  const s = options.server ?? server;
  const browser = options.browser ?? new HttpBrowser();
  const { callback, authorizeUrl } = await toCallback(browser, s, sub, options);
  const done = await browser.go(callback);
  const token = browser.cookie(new URL(s.url).host, 'fellesrom_session');
  const session = token ? new Session(s.url, `fellesrom_session=${token}`, { id: '', email: '', name: '' }) : null;
  return { done, session, browser, callback, authorizeUrl };
}

const rows = <T>(s: TestServer, query: string, ...params: unknown[]) => queryDatabase<T>(s.dataDir, query, ...params);
const failure = (location: string | null) => (location ? new URL(location, 'http://x').searchParams.get('oidc_error') : null);

describe('sign-in with OpenID Connect', () => {
  it('runs the authorization code flow with PKCE, state and nonce, and signs in with the same server-side session', async () => {
    expect((await request(server.url, 'GET', '/api/auth/setup')).json.oidc).toEqual({ name: 'Feide' });
    const { done, session, authorizeUrl } = await signInAs('kari-1', { query: '?returnTo=/teams' });
    const params = new URL(authorizeUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('scope')).toBe('openid profile email userid-feide groups-org');
    expect(params.get('redirect_uri')).toBe(callbackPrefix(server));

    expect(done.status).toBe(302);
    expect(done.location).toBe(`${server.url}/teams`);
    expect(done.headers.getSetCookie().join('\n')).toMatch(/fellesrom_session=[^;]+;.*HttpOnly/i);
    const me = await session!.get('/api/auth/me');
    expect(me.json.user).toMatchObject({ email: 'kari@nordby.kommune.no', name: 'Kari Feide' });
    const userId = (me.json.user as { id: string }).id;
    expect(await rows(server, 'select count(*) as n from sessions where user_id = ?', userId)).toEqual([{ n: 1 }]);

    // An account with no password: only the provider signs in to it.
    expect(await rows(server, 'select password_hash as h from users where id = ?', userId)).toEqual([{ h: null }]);
    expect(await rows(server, 'select issuer, subject, feide_id from user_identities where user_id = ?', userId)).toEqual([
      { issuer: idp.issuer, subject: 'kari-1', feide_id: 'kari@nordby.kommune.no' },
    ]);
    const password = await request(server.url, 'POST', '/api/auth/login', { email: 'kari@nordby.kommune.no', password: PASSWORD }, { origin: server.url });
    expect(password.status).toBe(401);

    // Signing in again finds the same account, and so does the same Feide user id under a new subject.
    const again = await signInAs('kari-1');
    expect(((await again.session!.get('/api/auth/me')).json.user as { id: string }).id).toBe(userId);
    const merged = await signInAs('kari-2');
    expect(((await merged.session!.get('/api/auth/me')).json.user as { id: string }).id).toBe(userId);
    expect(await rows(server, 'select count(*) as n from users where email = ?', 'kari@nordby.kommune.no')).toEqual([{ n: 1 }]);

    expect((await merged.session!.post('/api/auth/logout')).status).toBe(204);
    expect((await merged.session!.get('/api/auth/me')).status).toBe(401);
  });

  it('offers the Feide school when creating a team, and puts teams of that school together', async () => {
    const kari = (await signInAs('kari-1')).session!;
    const account = await kari.get('/api/account');
    expect(account.json).toMatchObject({
      hasPassword: false,
      identities: [{ provider: 'Feide', feideId: 'kari@nordby.kommune.no' }],
      orgUnits: [
        { id: 'fc:org:nordby.kommune.no:unit:NO1', name: 'Nordby skole' },
        { id: 'fc:org:nordby.kommune.no:unit:NO2', name: 'Bakken skole' },
      ],
    });
    const team = await kari.post('/api/teams', { name: '6. trinn', orgUnitId: 'fc:org:nordby.kommune.no:unit:NO1' });
    expect(team.status).toBe(201);
    expect(team.json.school).toMatchObject({ name: 'Nordby skole' });

    const per = (await signInAs('per-1')).session!;
    const perTeam = await per.post('/api/teams', { name: '7. trinn', orgUnitId: 'fc:org:nordby.kommune.no:unit:NO1' });
    expect((perTeam.json.school as { id: string }).id).toBe((team.json.school as { id: string }).id);
    // A school the sign-in did not vouch for cannot be joined.
    const foreign = await per.post('/api/teams', { name: 'Snik', orgUnitId: 'fc:org:nordby.kommune.no:unit:NO2' });
    expect(foreign.status).toBe(400);
    expect((await per.post('/api/teams', { name: 'Begge', school: 'X', orgUnitId: 'fc:org:nordby.kommune.no:unit:NO1' })).status).toBe(400);
    expect((await per.post('/api/teams', { name: 'Ingen skole' })).status).toBe(400);
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const browser = new HttpBrowser();
    const { callback } = await toCallback(browser, server, 'per-1');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state-we-sent');
    let res!: Awaited<ReturnType<HttpBrowser['go']>>;
    const logs = await logsDuring(async () => {
      res = await browser.go(tampered.toString());
    });
    expect(refusals(logs)).toEqual([expect.stringMatching(/unexpected "state" response parameter/)]);
    expect(res.status).toBe(302);
    expect(failure(res.location)).toBe('failed');
    expect(browser.cookie(new URL(server.url).host, 'fellesrom_session')).toBeUndefined();
    // The attempt used the pending login up: the real answer cannot be played after it either.
    const late = await browser.go(callback);
    expect(failure(late.location)).toBe('expired');
    expect(browser.cookie(new URL(server.url).host, 'fellesrom_session')).toBeUndefined();
  });

  it('refuses a replayed authorization code', async () => {
    const first = await signInAs('per-1');
    expect(first.session).not.toBeNull();
    // The same callback again, with the cookies it had then: the pending login is gone.
    const replayer = new HttpBrowser();
    replayer.setCookie(server.url, 'fellesrom_oidc', 'anything', '/api/auth/oidc');
    expect(failure((await replayer.go(first.callback)).location)).toBe('expired');
    // A fresh login whose callback carries the old code: the provider refuses to redeem it twice.
    const browser = new HttpBrowser();
    const { callback } = await toCallback(browser, server, 'per-1');
    const swapped = new URL(callback);
    swapped.searchParams.set('code', new URL(first.callback).searchParams.get('code')!);
    let res!: Awaited<ReturnType<HttpBrowser['go']>>;
    const logs = await logsDuring(async () => {
      res = await browser.go(swapped.toString());
    });
    expect(refusals(logs)).toEqual([expect.stringMatching(/invalid_grant/)]);
    expect(failure(res.location)).toBe('failed');
    expect(browser.cookie(new URL(server.url).host, 'fellesrom_session')).toBeUndefined();
  });

  it('answers a person who declines consent, without an account or a session', async () => {
    const before = (await rows<{ n: number }>(server, 'select count(*) as n from users'))[0]!.n;
    const { done, session } = await signInAs('ny-1', { decision: 'deny' });
    expect(done.location).toBe(`${server.url}/login?oidc_error=denied`);
    expect(session).toBeNull();
    expect((await rows<{ n: number }>(server, 'select count(*) as n from users'))[0]!.n).toBe(before);
  });

  it('refuses an answer from another issuer, even for the same client', async () => {
    const foreign = await startOidcProvider({ accounts });
    try {
      await foreign.register(callbackPrefix(server));
      // The authorization request we made, sent to a provider we do not trust instead.
      let result!: Awaited<ReturnType<typeof signInAs>>;
      const logs = await logsDuring(async () => {
        result = await signInAs('per-1', { authorize: (url) => `${foreign.issuer}/auth${new URL(url).search}` });
      });
      const { done, session } = result;
      expect(refusals(logs)).toEqual([expect.stringMatching(/unexpected "iss" \(issuer\) response parameter/)]);
      expect(new URL(done.location!).searchParams.get('oidc_error')).toBe('failed');
      expect(session).toBeNull();
    } finally {
      await foreign.stop();
    }
  });

  it('never takes over a password account by its e-mail address; its owner links the identity', async () => {
    const owner = await signUp(server.url, 'Ola Passord', { email: 'ola.passord@skole.test' });
    const attempt = await signInAs('ola-1');
    expect(failure(attempt.done.location)).toBe('link_required');
    expect(attempt.session).toBeNull();

    // Signed in with the password, the owner links Feide from their account page.
    const browser = new HttpBrowser();
    browser.setCookie(server.url, 'fellesrom_session', owner.cookie.split('=')[1]!);
    const linked = await signInAs('ola-1', { browser, query: '?link=1' });
    expect(linked.done.location).toBe(`${server.url}/account?linked=1`);
    const account = await owner.get('/api/account');
    expect(account.json).toMatchObject({ hasPassword: true, identities: [{ feideId: 'ola@nordby.kommune.no' }] });

    // Now Feide signs in to that account, and its password still works too.
    const viaFeide = await signInAs('ola-1');
    expect(((await viaFeide.session!.get('/api/auth/me')).json.user as { id: string }).id).toBe(owner.user.id);
    expect((await request(server.url, 'POST', '/api/auth/login', { email: owner.user.email, password: PASSWORD }, { origin: server.url })).status).toBe(200);

    // The identity cannot be linked to a second account.
    const other = await signUp(server.url, 'Annen Person');
    const browser2 = new HttpBrowser();
    browser2.setCookie(server.url, 'fellesrom_session', other.cookie.split('=')[1]!);
    expect(failure((await signInAs('ola-1', { browser: browser2, query: '?link=1' })).done.location)).toBe('already_linked');

    // Unlinking: fine with a password left; an account with only Feide must set a password first.
    const identityId = (account.json.identities as Array<{ id: string }>)[0]!.id;
    expect((await owner.request('DELETE', `/api/account/identities/${identityId}`)).status).toBe(204);
    expect(failure((await signInAs('ola-1')).done.location)).toBe('link_required');
    const kari = (await signInAs('kari-1')).session!;
    const kariIdentity = ((await kari.get('/api/account')).json.identities as Array<{ id: string }>)[0]!.id;
    const refused = await kari.request('DELETE', `/api/account/identities/${kariIdentity}`);
    expect(refused.status).toBe(409);
    expect((await owner.request('DELETE', `/api/account/identities/${kariIdentity}`)).status).toBe(404);
    // A first password needs no current one; then the identity may go.
    expect((await kari.post('/api/auth/password', { newPassword: 'et eget passord' })).status).toBe(204);
    expect((await kari.request('DELETE', `/api/account/identities/${kariIdentity}`)).status).toBe(204);
  });

  it('needs an e-mail address from the provider for a new account', async () => {
    const { done, session } = await signInAs('uten-epost');
    expect(failure(done.location)).toBe('email_missing');
    expect(session).toBeNull();
  });

  it('only sends people back to pages of ours', async () => {
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const { done } = await signInAs('per-1', { query: `?returnTo=${encodeURIComponent(evil)}` });
      expect(done.location).toBe(`${server.url}/`);
    }
  });
});

describe('sign-up restrictions apply to OpenID Connect', () => {
  let invited: TestServer;
  let domains: TestServer;
  let leader: Awaited<ReturnType<typeof teamLeader>>;
  beforeAll(async () => {
    invited = await startTestServer({ env: { ...idp.env, SIGNUP: 'invite' } });
    domains = await startTestServer({ env: { ...idp.env, SIGNUP: 'domains', SIGNUP_DOMAINS: 'nordby.kommune.no' } });
    await idp.register(callbackPrefix(invited));
    await idp.register(callbackPrefix(domains));
    leader = await teamLeader(invited.url);
    await teamLeader(domains.url);
  });
  afterAll(async () => {
    await invited?.close();
    await domains?.close();
  });

  it('SIGNUP=invite: only with an invitation, which the new account then accepts', async () => {
    const without = await signInAs('ny-2', { server: invited });
    expect(failure(without.done.location)).toBe('signup_closed');
    expect(without.session).toBeNull();

    const invite = await leader.session.post(`/api/teams/${leader.teamId}/invites`, { role: 'guest' });
    const withInvite = await signInAs('ny-2', { server: invited, query: `?invite=${invite.json.token as string}&returnTo=/teams/${leader.teamId}` });
    expect(withInvite.done.location).toBe(`${invited.url}/teams/${leader.teamId}`);
    const team = await withInvite.session!.get(`/api/teams/${leader.teamId}`);
    expect(team.json).toMatchObject({ role: 'guest' });
  });

  it('SIGNUP=domains: only addresses in those domains', async () => {
    expect(failure((await signInAs('ny-1', { server: domains })).done.location)).toBe('signup_closed');
    const ok = await signInAs('ny-3', { server: domains });
    expect((await ok.session!.get('/api/auth/me')).status).toBe(200);
  });
});

describe('when the provider is not there', () => {
  it('says so instead of failing, and a server without OIDC has no such routes', async () => {
    const gone = await startOidcProvider({ accounts });
    const s = await startTestServer({ env: gone.env });
    await gone.stop();
    try {
      const res = await new HttpBrowser().go(`${s.url}/api/auth/oidc/start`);
      expect(res.status).toBe(302);
      expect(failure(res.location)).toBe('unavailable');
    } finally {
      await s.close();
    }
    const plain = await startTestServer();
    try {
      expect((await request(plain.url, 'GET', '/api/auth/setup')).json.oidc).toBeNull();
      const res = await request(plain.url, 'GET', '/api/auth/oidc/start');
      expect(res.status).toBe(404);
      expect(res.json.error?.code).toBe('not_found');
    } finally {
      await plain.close();
    }
  });
});

describe('an expired ID token', () => {
  it('is refused, even though every other part of the answer is right', async () => {
    // A provider whose clock is two hours behind when it issues tokens: the ID token expired an hour ago.
    const late = await startOidcProvider({ accounts, clockOffsetSeconds: -7200 });
    const s = await startTestServer({ env: { ...late.env, LOG_LEVEL: 'warn' } });
    try {
      await late.register(callbackPrefix(s));
      let result!: Awaited<ReturnType<typeof signInAs>>;
      const logs = await logsDuring(async () => {
        result = await signInAs('per-1', { server: s });
      });
      const { done, session } = result;
      expect(refusals(logs)).toEqual([expect.stringMatching(/"exp" \(expiration time\) claim value, expiration is past/)]);
      expect(failure(done.location)).toBe('failed');
      expect(session).toBeNull();
    } finally {
      await s.close();
      await late.stop();
    }
  });
});

