/**
 * Documents no editor would make, through the real server: absurd attributes sent over a socket
 * (within the sync limits), and a 10,000-deep document already in storage from before the limits.
 * Every reader answers; nothing answers 5xx; nothing changes what is stored unless asked to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { appendStoredUpdate, queryDatabase } from '../helpers/db-files';
import { createTeamAndDocument, type Session } from '../helpers/api';
import { type Client, closeClientsAndServer, connectSynced } from '../helpers/clients';
import { deepUpdate } from '../helpers/crafted-updates';
import { readDocx } from '../helpers/docx';
import { startTestServer, type TestServer } from '../helpers/server';
import { waitFor } from '../helpers/wait';

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  await closeClientsAndServer(clients, server);
  server = null;
});

async function get(session: Session, path: string) {
  const res = await fetch(`${session.baseUrl}${path}`, { headers: { cookie: session.cookie } });
  return { status: res.status, body: new Uint8Array(await res.arrayBuffer()) };
}

describe('hostile documents', () => {
  it('a table cell spanning a billion columns exports in a moment, spans clamped', async () => {
    server = await startTestServer();
    // An observation document: its notes table is a plain table (a plan's flow is a block).
    const { documentId, session } = await createTeamAndDocument(server.url, 'observation', 'Observasjon');
    const c = await connectSynced(server.wsUrl, documentId, session.cookie);
    clients.push(c);
    const table = c.fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'table') as Y.XmlElement;
    c.doc.transact(() => {
      const cell = (table.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
      cell.setAttribute('colspan', 1e9 as unknown as string);
      cell.setAttribute('colwidth', [1e12, -5] as unknown as string);
      cell.setAttribute('rowspan', -1e9 as unknown as string);
    });
    await waitFor(async () => (await session.get(`/api/documents/${documentId}/compare?from=current`)).text.includes('1000000000') === false);
    const res = await get(session, `/api/documents/${documentId}/export.docx`);
    expect(res.status).toBe(200);
    const spans = [...readDocx(res.body).documentXml.matchAll(/<w:gridSpan w:val="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...spans)).toBeLessThanOrEqual(Limits.content.maxTableSpan);
  });

  it('a 10,000-deep document stored before the limits: every reader answers, and a restore is refused cleanly', async () => {
    server = await startTestServer();
    const { documentId, session, teamId } = await createTeamAndDocument(server.url, 'reflection', 'Dyp');
    // A version from before it went deep, to restore.
    const versionId = (await session.post(`/api/documents/${documentId}/versions`, { name: 'Grunt' })).json.id as string;
    await appendStoredUpdate(server.dataDir, documentId, deepUpdate(new Y.Doc(), 10_000, 'Bunnen Xyzzy'));
    const cycleId = (await session.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus' })).json.id as string;
    await queryDatabase(server.dataDir, 'update documents set cycle_id = ?, round = 1 where id = ?', cycleId, documentId);

    expect((await get(session, `/api/documents/${documentId}/export.docx`)).status).toBe(200);
    for (const p of [`/api/documents/${documentId}/compare?from=${versionId}`, `/api/documents/${documentId}/findings`, `/api/documents/${documentId}/since`]) {
      expect((await session.get(p)).status, p).toBe(200);
    }
    expect((await session.post(`/api/documents/${documentId}/versions`, { name: 'Dyp versjon' })).status).toBe(201);
    expect((await session.request('PATCH', `/api/cycles/${cycleId}`, { phase: 'observe' })).status).toBe(200);
    // Open it live: the search text is refreshed from it.
    const live = await connectSynced(server.wsUrl, documentId, session.cookie);
    clients.push(live);
    const before = live.fragment.toArray().length;
    expect(before).toBeGreaterThan(1);
    const restore = await session.post(`/api/documents/${documentId}/versions/${versionId}/restore`);
    // Whether Yjs can delete 10,000 levels depends on how deep the stack already is where the
    // change is made (an await starts on a fresh one): it is refused whole or made whole.
    expect([204, 422]).toContain(restore.status);
    if (restore.status === 422) {
      expect(restore.json.error?.code).toBe('document_limit');
      // Refused whole: the document is as it was, and still loads.
      expect(live.fragment.length).toBe(before);
    } else {
      // Made whole: a fresh load holds the version, with nothing left of the 10,000 levels.
      const fresh = await connectSynced(server.wsUrl, documentId, session.cookie);
      clients.push(fresh);
      expect(depthOf(fresh.fragment)).toBeLessThan(20);
    }
    expect((await get(session, `/api/documents/${documentId}/export.docx`)).status).toBe(200);
  });
});

/** How deep the element tree goes, walked without recursion. */
function depthOf(root: Y.XmlFragment): number {
  let deepest = 0;
  const stack: Array<[Y.XmlFragment | Y.XmlElement, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of node.toArray()) if (child instanceof Y.XmlElement) stack.push([child, depth + 1]);
  }
  return deepest;
}
