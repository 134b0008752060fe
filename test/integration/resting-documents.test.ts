/**
 * An open document nobody reads or changes rests as its encoded state (DOCUMENT_REST_MS) and wakes
 * for whoever needs it: the real server, real sockets, the metrics as the signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamAndDocument } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, fragmentText } from '../helpers/clients';
import { metric } from '../helpers/metrics';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

const TOKEN = 'metrics-token-for-resting-0123456789';
const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

const gauge = (server: TestServer, name: string) => metric(server.url, TOKEN, name);

describe('resting documents', () => {
  it('rests while two people keep it open without typing, wakes for an edit and a joiner, and loses nothing across a restart', async () => {
    const env = { METRICS_TOKEN: TOKEN, DOCUMENT_REST_MS: '100', CHANGE_REPORT_MS: '50', SEARCH_TEXT_REPORT_MS: '0' };
    const server = await startTestServer({ env });
    servers.push(server);
    const { session, teamId, documentId } = await createTeamAndDocument(server.url);
    const writer = await connectSynced(server.wsUrl, documentId, session.cookie);
    const reader = await connectSynced(server.wsUrl, documentId, session.cookie);
    clients.push(writer, reader);

    appendParagraph(writer.fragment, 'før hvilen');
    await waitFor(() => fragmentText(reader.fragment).includes('før hvilen'));
    await waitFor(async () => (await gauge(server, 'fellesrom_resting_documents')) === 1, 10_000, 'the document rests');
    expect(await gauge(server, 'fellesrom_open_documents')).toBe(1);

    // An edit wakes it: stored and sent to the other reader as always.
    appendParagraph(writer.fragment, 'etter hvilen');
    await waitFor(() => fragmentText(reader.fragment).includes('etter hvilen'));
    // Rests again once the edit is reported; a joiner then gets everything.
    await waitFor(async () => (await gauge(server, 'fellesrom_resting_documents')) === 1, 10_000, 'the document rests again');
    const joiner = await connectSynced(server.wsUrl, documentId, session.cookie);
    clients.push(joiner);
    expect(fragmentText(joiner.fragment)).toContain('før hvilen');
    expect(fragmentText(joiner.fragment)).toContain('etter hvilen');
    expect(fragmentText(joiner.fragment)).toBe(fragmentText(writer.fragment));

    // Its text reached search while it rested and woke.
    const found = await waitFor(async () => {
      const res = await session.get(`/api/teams/${teamId}/search?q=${encodeURIComponent('etter hvilen')}`);
      return res.status === 200 && JSON.stringify(res.json).includes(documentId) ? res : null;
    }, 10_000, 'the text found by search');
    expect(found.status).toBe(200);

    // Closed and started again on the same data: the same document.
    const expected = fragmentText(writer.fragment);
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    servers.splice(0);
    const again = await startTestServer({ dataDir: server.dataDir, env });
    servers.push(again);
    const back = await connectSynced(again.wsUrl, documentId, session.cookie);
    clients.push(back);
    expect(fragmentText(back.fragment)).toBe(expected);
  });
});
