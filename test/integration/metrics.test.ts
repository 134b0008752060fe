import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/close-codes';
import { addMember, createTeamAndDocument, request, teamLeader } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, fragmentText, rawSocket } from '../helpers/clients';
import { queryDatabase } from '../helpers/db-files';
import { scrapeMetrics } from '../helpers/metrics';
import { startTestServer, type TestServer } from '../helpers/server';
import { testDatabase } from '../helpers/test-database';
import { TestSmtpServer } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const TOKEN = 'metrics-token-for-tests-0123456789';
const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function start(env: Record<string, string> = {}) {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

const scrape = (url: string, token = TOKEN) => scrapeMetrics(url, token);

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN or METRICS_PORT', async () => {
    const server = await start();
    const res = await request(server.url, 'GET', '/metrics');
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe('not_found');
  });

  it('answers only the token, and counts what the sync server and the routes do', async () => {
    const server = await start({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await request(server.url, 'GET', '/metrics', undefined, authorization ? { authorization } : {});
      expect(res.status, authorization).toBe(401);
      expect(res.json.error?.code).toBe('unauthenticated');
      expect(res.text).not.toContain('fellesrom_');
    }

    const { session, teamId, documentId } = await createTeamAndDocument(server.url);
    const viewer = await addMember(session, teamId, 'viewer', 'Vera Viewer');
    const writer = await connectSynced(server.wsUrl, documentId, session.cookie);
    const reader = await connectSynced(server.wsUrl, documentId, viewer.cookie);
    clients.push(writer, reader);
    appendParagraph(writer.fragment, 'målt');
    await waitFor(() => fragmentText(reader.fragment).includes('målt'));
    // The viewer's own edit is refused by the server.
    appendParagraph(reader.fragment, 'ikke lov');
    const garbage = await rawSocket(server.wsUrl, documentId, session.cookie);
    garbage.ws.send(new Uint8Array([0, 2, 200, 1, 2, 3]));
    expect((await garbage.closed).code).toBe(CloseCode.MALFORMED_MESSAGE);

    const values = await waitFor(async () => {
      const v = await scrape(server.url);
      return (v.get('fellesrom_updates_refused_total{reason="read_only"}') ?? 0) >= 1 ? v : null;
    });
    expect(values.get('fellesrom_updates_refused_total{reason="malformed"}')).toBeGreaterThanOrEqual(1);
    expect(values.get('fellesrom_open_documents')).toBe(1);
    expect(values.get('fellesrom_connections')).toBe(2);
    expect(values.get('fellesrom_updates_applied_total')).toBeGreaterThanOrEqual(1);
    expect(values.get('fellesrom_commit_duration_seconds_count')).toBe(values.get('fellesrom_updates_applied_total'));
    expect(values.get('fellesrom_broadcast_bytes_total{kind="update"}')).toBeGreaterThan(0);
    expect(values.get('fellesrom_broadcast_bytes_total{kind="awareness"}')).toBeGreaterThanOrEqual(0);
    expect(values.get('fellesrom_document_load_duration_seconds_count')).toBe(1);
    expect(values.get('fellesrom_http_requests_total{method="POST",route="/api/teams/:teamId/documents",status="201"}')).toBe(1);
    expect(values.get('fellesrom_http_requests_total{method="GET",route="/metrics",status="401"}')).toBe(4);
    expect(values.get('fellesrom_mail_queue{state="pending"}')).toBe(0);
    expect(values.get('fellesrom_build_info{version="0.1.0"}')).toBe(1);
    expect(values.has('process_resident_memory_bytes')).toBe(true);
    expect(values.has('nodejs_eventloop_lag_seconds')).toBe(true);

    // Closing the last socket unloads the document, folding its log: a compaction.
    for (const c of clients.splice(0)) c.destroy();
    const after = await waitFor(async () => {
      const v = await scrape(server.url);
      // The document leaves the open count as its unload begins; the fold is counted when stored.
      return v.get('fellesrom_open_documents') === 0 && v.get('fellesrom_connections') === 0 && (v.get('fellesrom_compaction_duration_seconds_count') ?? 0) >= 1 ? v : null;
    });
    expect(after.get('fellesrom_compaction_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('follows the mail queue: waiting while the mail server holds a mail, given up when it refuses one', async () => {
    const mta = await new TestSmtpServer().start();
    try {
      const server = await start({ METRICS_TOKEN: TOKEN, PUBLIC_ORIGIN: 'https://fellesrom.skole.test', SMTP_URL: mta.url });
      const mailQueue = async () => {
        const v = await scrape(server.url);
        return [v.get('fellesrom_mail_queue{state="pending"}'), v.get('fellesrom_mail_queue{state="failed"}')];
      };
      expect(await mailQueue()).toEqual([0, 0]);
      const askReset = (email: string) => request(server.url, 'POST', '/api/auth/password-reset', { email }, { origin: server.url });

      const { session: held } = await teamLeader(server.url, 'Holdt Post');
      mta.hold();
      expect((await askReset(held.user.email)).status).toBe(202);
      await waitFor(() => mta.dataStarted >= 1, 20_000, 'the mail reaching the mail server');
      expect(await mailQueue()).toEqual([1, 0]);
      mta.release();
      await mta.waitForMail((m) => m.to === held.user.email);
      await waitFor(async () => ((await mailQueue())[0] === 0 ? true : null), 20_000, 'the queue gauge back at 0');

      const { session: refused } = await teamLeader(server.url, 'Ukjent Mottaker');
      mta.refuse = (address) => address === refused.user.email;
      expect((await askReset(refused.user.email)).status).toBe(202);
      await waitFor(async () => ((await mailQueue())[1] === 1 ? true : null), 20_000, 'the refused mail counted as failed');
      expect(await mailQueue()).toEqual([0, 1]);
    } finally {
      await mta.stop();
    }
  });

  it('can live on a port of its own, and is then absent from the public one', async () => {
    const server = await start({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    expect(server.metricsPort).toBeGreaterThan(0);
    expect(server.metricsPort).not.toBe(server.port);
    const own = `http://127.0.0.1:${server.metricsPort}`;
    expect((await scrape(own)).get('fellesrom_open_documents')).toBe(0);
    expect((await request(own, 'GET', '/metrics')).status).toBe(401);
    expect((await request(server.url, 'GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);

    const open = await start({ METRICS_PORT: '0' });
    const res = await request(`http://127.0.0.1:${open.metricsPort}`, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('fellesrom_http_requests_total');
  });

  it('refuses a short METRICS_TOKEN at start-up', async () => {
    await expect(start({ METRICS_TOKEN: 'short' })).rejects.toThrow(/METRICS_TOKEN/);
  });
});

describe('GET /api/ready', () => {
  it('is ready when migrations ran and storage answers, and says which check fails', async () => {
    const server = await start();
    const ok = await request(server.url, 'GET', '/api/ready');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ ready: true, checks: { migrations: true, storage: true, accepting: true } });

    // A database that lacks a migration this build ships (as after restoring a backup into a newer build, before its restart).
    // (drizzle's migrator keeps its table in the `drizzle` schema on PostgreSQL.)
    const migrations = testDatabase === 'postgres' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
    await queryDatabase(server.dataDir, `DELETE FROM ${migrations} WHERE created_at = (SELECT max(created_at) FROM ${migrations})`);
    const behind = await request(server.url, 'GET', '/api/ready');
    expect(behind.status).toBe(503);
    expect(behind.json.error).toEqual({
      code: 'unavailable',
      message: 'Not ready',
      details: { migrations: false, storage: true, accepting: true },
    });
    expect((await request(server.url, 'GET', '/api/health')).status).toBe(200);
  });
});
