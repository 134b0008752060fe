import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queryDatabase } from '../helpers/db-files';
import { request, teamLeader } from '../helpers/api';
import { type Env, spawnServer, startTestServer, type TestServer, tempDataDir } from '../helpers/server';
import { linkIn, TestSmtpServer } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const servers: TestServer[] = [];
const smtps: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const s of smtps.splice(0)) await s.stop();
});

const ORIGIN = 'https://fellesrom.skole.test';
const start = async (env: Env, dataDir?: string) => {
  const server = await startTestServer({ env: { PUBLIC_ORIGIN: ORIGIN, ...env }, ...(dataDir ? { dataDir } : {}) });
  servers.push(server);
  return server;
};
const smtp = async () => {
  const s = await new TestSmtpServer().start();
  smtps.push(s);
  return s;
};
const fastRetries = { MAIL_RETRY_MIN_MS: '20', MAIL_RETRY_MAX_MS: '200' };
const METRICS = 'a metrics token for tests';
/** `fellesrom_mail_queue{state="pending"}` as /metrics reports it. */
async function pendingGauge(url: string): Promise<number> {
  const res = await request(url, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS}` });
  return Number(/^fellesrom_mail_queue\{state="pending"\} (\d+)$/m.exec(res.text)?.[1]);
}
const askReset = (url: string, email: string) => request(url, 'POST', '/api/auth/password-reset', { email }, { origin: url });

interface OutboxRow {
  kind: string;
  attempts: number;
  payload: Buffer | null;
  sent_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}
const outbox = (dataDir: string) =>
  queryDatabase<OutboxRow>(dataDir, 'select kind, attempts, payload, sent_at, failed_at, last_error from mail_outbox order by created_at');

describe('mail', () => {
  it('delivers to an SMTP server, in a mail that says where it is from', async () => {
    const mta = await smtp();
    const server = await start({ SMTP_URL: mta.url, MAIL_FROM: 'Fellesrom <post@skole.test>' });
    const { session } = await teamLeader(server.url);
    expect((await askReset(server.url, session.user.email)).status).toBe(202);
    const mail = await mta.waitForMail((m) => m.to === session.user.email, 'the reset mail');
    expect(mail.from).toBe('post@skole.test');
    expect(mail.subject).toBe('Velg nytt passord til Fellesrom');
    expect(linkIn(mail.text, `${ORIGIN}/reset-password#token=`)).toMatch(/#token=[\w-]{43}$/);
    expect(mail.html).toContain(`href="${ORIGIN}/reset-password#token=`);
    await waitFor(async () => (await outbox(server.dataDir))[0]?.sent_at, 10_000, 'the outbox to note the delivery');
    expect((await outbox(server.dataDir))[0]).toMatchObject({ kind: 'password_reset', attempts: 1, payload: null });
  });

  it('never makes the person wait for the SMTP server: a stalled server holds the mail, not the request', async () => {
    const mta = await smtp();
    mta.hold();
    const server = await start({ SMTP_URL: mta.url });
    const { session } = await teamLeader(server.url);
    expect((await askReset(server.url, session.user.email)).status).toBe(202);
    await waitFor(() => mta.dataStarted === 1, 10_000, 'the delivery to reach DATA');
    // While that delivery hangs, the API goes on answering.
    expect((await askReset(server.url, 'someone.else@skole.test')).status).toBe(202);
    expect((await session.get('/api/auth/me')).status).toBe(200);
    expect(mta.mails).toEqual([]);
    mta.release();
    await mta.waitForMail((m) => m.to === session.user.email);
  });

  it('keeps mails queued while the SMTP server is down, retries with growing delays, and delivers when it is back', async () => {
    const mta = await smtp();
    await mta.stop();
    const server = await start({ SMTP_URL: mta.url, ...fastRetries, METRICS_TOKEN: METRICS });
    const { session } = await teamLeader(server.url);
    expect(await pendingGauge(server.url)).toBe(0);
    expect((await askReset(server.url, session.user.email)).status).toBe(202);
    const failing = await waitFor(async () => (await outbox(server.dataDir)).find((r) => r.attempts >= 3), 20_000, 'three failed attempts');
    expect(await pendingGauge(server.url)).toBe(1);
    expect(failing).toMatchObject({ sent_at: null, failed_at: null });
    expect(failing.last_error).toMatch(/ECONNREFUSED|connect/i);
    // Queued mails are encrypted: neither the address nor the link can be read from the database.
    expect(failing.payload!.toString('latin1')).not.toContain(session.user.email);
    expect(failing.payload!.toString('latin1')).not.toContain('reset-password');

    await mta.start();
    const mail = await mta.waitForMail((m) => m.to === session.user.email, 'the mail after the server came back');
    expect(mail.subject).toBe('Velg nytt passord til Fellesrom');
    await waitFor(async () => (await outbox(server.dataDir))[0]?.sent_at, 10_000, 'the delivery to be noted');
    expect(mta.mails.length).toBe(1);
    await waitFor(async () => (await pendingGauge(server.url)) === 0, 10_000, 'the metric to follow');
  });

  it('loses nothing when the server stops with mails still queued', async () => {
    const mta = await smtp();
    await mta.stop();
    const dataDir = tempDataDir();
    const first = await start({ SMTP_URL: mta.url, ...fastRetries }, dataDir);
    const { session } = await teamLeader(first.url);
    const other = await teamLeader(first.url, 'Otto Annen');
    await askReset(first.url, session.user.email);
    await askReset(first.url, other.session.user.email);
    await waitFor(async () => (await outbox(dataDir)).filter((r) => r.attempts >= 1).length === 2, 20_000, 'failed attempts');
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    await mta.start();
    await start({ SMTP_URL: mta.url, ...fastRetries }, dataDir);
    await mta.waitForMail((m) => m.to === session.user.email);
    await mta.waitForMail((m) => m.to === other.session.user.email);
    await waitFor(async () => (await outbox(dataDir)).every((r) => r.sent_at), 10_000, 'all deliveries noted');
    // The token travelled only inside the encrypted queue: the database never held it in clear.
    const token = linkIn(mta.mails[0]!.text, `${ORIGIN}/reset-password#token=`).split('#token=')[1]!;
    for (const file of fs.readdirSync(dataDir).filter((f) => f.startsWith('fellesrom.sqlite'))) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes(token)).toBe(false);
    }
  });

  it('gives a mail up at once when the SMTP server refuses the recipient for good', async () => {
    const mta = await smtp();
    mta.refuse = (address) => address.startsWith('finnes.ikke');
    const server = await start({ SMTP_URL: mta.url, ...fastRetries });
    const { session } = await teamLeader(server.url);
    const gone = await teamLeader(server.url, 'Finnes Ikke');
    // An address the SMTP server refuses, then a good one: the queue goes on past the refusal.
    await queryDatabase(server.dataDir, 'update users set email = ? where id = ?', 'finnes.ikke@skole.test', gone.session.user.id);
    await askReset(server.url, 'finnes.ikke@skole.test');
    await askReset(server.url, session.user.email);
    await mta.waitForMail((m) => m.to === session.user.email);
    const refused = await waitFor(async () => (await outbox(server.dataDir)).find((r) => r.failed_at), 10_000, 'the refused mail to be given up');
    expect(refused).toMatchObject({ attempts: 1, payload: null, sent_at: null });
    expect(refused.last_error).toMatch(/550/);
  });

  it('without SMTP_URL writes each mail to DATA_DIR/mail as an .eml file and logs it', async () => {
    const dataDir = tempDataDir();
    const child = await spawnServer(dataDir);
    try {
      const { session } = await teamLeader(child.url);
      expect((await askReset(child.url, session.user.email)).status).toBe(202);
      const dir = path.join(dataDir, 'mail');
      const file = await waitFor(() => (fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.eml')) : undefined), 20_000, 'an .eml file');
      const eml = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(eml).toMatch(new RegExp(`^To: ${session.user.email}$`, 'm'));
      expect(eml).toMatch(/^Subject: /m);
      expect(eml).toContain('/reset-password#token=');
      await waitFor(() => child.output().includes('"msg":"mail written"'), 10_000, 'the log line');
      expect(child.output()).toContain(file);
    } finally {
      child.child.kill('SIGTERM');
      await child.exited;
    }
  });
});
