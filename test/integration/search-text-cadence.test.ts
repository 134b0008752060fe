/**
 * Issue 18: while people type without a pause, a document's text is stored for search at most
 * every SEARCH_TEXT_REPORT_MS (storing it was most of what recording an edit cost); the first edit
 * after a pause is found at once, "last edited" stays as current as before, and text still waiting
 * for its turn when the server stops is stored on the way down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDocument, Session, teamLeader } from '../helpers/api';
import { appendParagraph, connectSynced } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

const env = { CHANGE_REPORT_MS: '20', SEARCH_TEXT_REPORT_MS: '3000' };
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the text for search while people type', () => {
  it('is found at once after a pause, then within SEARCH_TEXT_REPORT_MS, and is stored when the server stops', async () => {
    server = await startTestServer({ env });
    const leader = await teamLeader(server.url);
    const teamId = leader.teamId;
    let session = leader.session;
    const documentId = await createDocument(session, teamId, 'lesson_plan', 'Geometri');
    const hits = async (word: string) => ((await session.get(`/api/teams/${teamId}/search?q=${word}`)).json.hits as Array<{ id: string }>).map((h) => h.id);
    const lastEdited = async () => (await session.get(`/api/documents/${documentId}`)).json.updatedAt as string;

    const client = await connectSynced(server.wsUrl, documentId, session.cookie);
    appendParagraph(client.fragment, 'Kvadratrot');
    // The document's first edit: its text goes with the first report.
    await waitFor(async () => (await hits('kvadratrot')).includes(documentId), 5000, 'the first word found');

    const before = await lastEdited();
    appendParagraph(client.fragment, 'Pytagoras');
    // The edit is recorded as before ("last edited" moves within CHANGE_REPORT_MS)…
    await waitFor(async () => (await lastEdited()) !== before, 5000, 'last edited moved');
    // …but its text waits for its turn (3 s after the first was stored).
    expect(await hits('pytagoras')).toEqual([]);
    await waitFor(async () => (await hits('pytagoras')).includes(documentId), 10_000, 'the second word found on its turn');

    // Typed right after that turn: its text waits, and the server stops before its turn comes.
    appendParagraph(client.fragment, 'Hypotenus');
    const afterTurn = await lastEdited();
    await waitFor(async () => (await lastEdited()) !== afterTurn, 5000, 'the third edit recorded');
    expect(await hits('hypotenus')).toEqual([]);
    client.destroy();
    const dataDir = server.dataDir;
    await server.close();
    server = await startTestServer({ dataDir, env });
    session = new Session(server.url, session.cookie, session.user);
    expect(await hits('hypotenus')).toEqual([documentId]);
    expect(await hits('kvadratrot')).toEqual([documentId]);
  });
});
