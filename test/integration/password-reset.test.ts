import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes';
import { createDocument, PASSWORD, request, Session, sessionCookie, signUp, teamLeader } from '../helpers/api';
import { rawSocket } from '../helpers/clients';
import { queryDatabase } from '../helpers/db-files';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkIn, type ReceivedMail, TestSmtpServer } from '../helpers/smtp';

const ORIGIN = 'https://fellesrom.skole.test';
let server: TestServer;
let mta: TestSmtpServer;
beforeAll(async () => {
  mta = await new TestSmtpServer().start();
  server = await startTestServer({ env: { PUBLIC_ORIGIN: ORIGIN, SMTP_URL: mta.url, PASSWORD_RESETS_PER_HOUR: '3', TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await server?.close();
  await mta?.stop();
});

const post = (p: string, body: unknown, headers: Record<string, string> = {}) => request(server.url, 'POST', p, body, { origin: server.url, ...headers });
const askReset = (email: string, address = '10.0.0.1') => post('/api/auth/password-reset', { email }, { 'x-forwarded-for': address });
const confirm = (token: string, password: string) => post('/api/auth/password-reset/confirm', { token, password });
const login = (email: string, password: string) => post('/api/auth/login', { email, password });
const tokenOf = (mail: ReceivedMail) => linkIn(mail.text, `${ORIGIN}/reset-password#token=`).split('#token=')[1]!;
const mailsTo = (email: string) => mta.mails.filter((m) => m.to === email);

const sql = <T>(query: string, ...params: unknown[]): Promise<T[]> => queryDatabase<T>(server.dataDir, query, ...params);

describe('password reset', () => {
  it('answers 202 alike for any address, and mails only an existing account', async () => {
    const { session } = await teamLeader(server.url);
    const known = await askReset(session.user.email);
    const unknown = await askReset('ingen.her@skole.test');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.text).toBe(unknown.text);
    await mta.waitForMail((m) => m.to === session.user.email);
    expect(mailsTo('ingen.her@skole.test')).toEqual([]);
  });

  it('sets the password with a single-use link, ends every session and socket of the account, and signs in', async () => {
    const { session, teamId } = await teamLeader(server.url, 'Glemsk Lærer');
    const elsewhere = new Session(server.url, sessionCookie(await login(session.user.email, PASSWORD)), session.user);
    const documentId = await createDocument(session, teamId);
    const socket = await rawSocket(server.wsUrl, documentId, elsewhere.cookie);

    await askReset(session.user.email);
    const token = tokenOf(await mta.waitForMail((m) => m.to === session.user.email));
    // Only the token's hash is stored.
    const rows = await sql<{ token_hash: string }>('select token_hash from password_resets where user_id = ?', session.user.id);
    expect(rows.length).toBe(1);
    expect(rows[0]!.token_hash).not.toBe(token);
    expect(JSON.stringify(rows)).not.toContain(token);

    const done = await confirm(token, 'et helt nytt passord');
    expect(done.status).toBe(200);
    expect(done.json.user).toMatchObject({ id: session.user.id });
    const fresh = new Session(server.url, sessionCookie(done), session.user);
    expect((await fresh.get('/api/auth/me')).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await socket.closed).code).toBe(CloseCode.UNAUTHENTICATED);

    expect((await login(session.user.email, PASSWORD)).status).toBe(401);
    expect((await login(session.user.email, 'et helt nytt passord')).status).toBe(200);
    const again = await confirm(token, 'enda et nytt passord');
    expect(again.status).toBe(400);
    expect(again.json.error?.code).toBe('link_invalid');
  });

  it('refuses an expired link, an unknown one, and an older link once a newer one was asked for', async () => {
    const person = await signUp(server.url, 'Treg Leser');
    await askReset(person.user.email);
    const first = tokenOf(await mta.waitForMail((m) => m.to === person.user.email));
    await askReset(person.user.email);
    const second = tokenOf(await mta.waitForMail((m) => m.to === person.user.email && tokenOf(m) !== first));
    expect((await confirm(first, 'et helt nytt passord')).json.error?.code).toBe('link_invalid');

    await sql('update password_resets set expires_at = ? where user_id = ?', Date.now() - 1, person.user.id);
    const expired = await confirm(second, 'et helt nytt passord');
    expect(expired.status).toBe(400);
    expect(expired.json.error?.code).toBe('link_invalid');
    expect((await login(person.user.email, PASSWORD)).status).toBe(200);
    expect((await confirm('x'.repeat(43), 'et helt nytt passord')).json.error?.code).toBe('link_invalid');
  });

  it('validates what it is sent', async () => {
    expect((await post('/api/auth/password-reset', { email: 'ikke en adresse' })).status).toBe(400);
    expect((await post('/api/auth/password-reset', '{"email":')).json.error?.code).toBe('malformed_json');
    expect((await post('/api/auth/password-reset', {})).status).toBe(400);
    expect((await post('/api/auth/password-reset/confirm', { token: 'abcdefghijkl', password: 'kort' })).json.error?.code).toBe('validation_failed');
    expect((await post('/api/auth/password-reset/confirm', { token: 5, password: 'et helt nytt passord' })).status).toBe(400);
  });

  it('is rate-limited: quietly per account, openly per address', async () => {
    const person = await signUp(server.url, 'Mye Mas');
    for (let i = 0; i < 5; i++) expect((await askReset(person.user.email, '10.0.0.2')).status).toBe(202);
    await mta.waitForMail((m) => m.to === person.user.email);
    // Three per hour per account (PASSWORD_RESETS_PER_HOUR): the rest were answered but not sent.
    await server.mailer.settled();
    expect((await server.mailer.stats()).queued).toBe(0);
    expect(mailsTo(person.user.email).length).toBe(3);

    const flood: number[] = [];
    for (let i = 0; i < 19; i++) flood.push((await askReset(`flom${i}@skole.test`, '10.0.0.3')).status);
    expect(flood.slice(0, 18).every((s) => s === 202)).toBe(true);
    const blocked = await askReset('flom@skole.test', '10.0.0.3');
    expect(blocked.status).toBe(429);
    expect(blocked.json.error?.code).toBe('rate_limited');
  });
});

describe('change password', () => {
  it('needs the current password, keeps this session, ends the others, and tells the owner by mail', async () => {
    const { session } = await teamLeader(server.url, 'Endre Passord');
    const other = new Session(server.url, sessionCookie(await login(session.user.email, PASSWORD)), session.user);
    const wrong = await session.post('/api/auth/password', { currentPassword: 'feil passord', newPassword: 'et helt nytt passord' });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error?.code).toBe('wrong_password');
    const missing = await session.post('/api/auth/password', { newPassword: 'et helt nytt passord' });
    expect(missing.json.error?.code).toBe('wrong_password');
    expect((await session.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'kort' })).status).toBe(400);

    expect((await session.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'et helt nytt passord' })).status).toBe(204);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await login(session.user.email, 'et helt nytt passord')).status).toBe(200);
    const notice = await mta.waitForMail((m) => m.to === session.user.email && m.subject === 'Passordet ditt i Fellesrom er endret');
    expect(notice.text).toContain(`${ORIGIN}/forgot-password`);
    expect((await request(server.url, 'POST', '/api/auth/password', { newPassword: 'et helt nytt passord' }, { origin: server.url })).status).toBe(401);
  });
});
