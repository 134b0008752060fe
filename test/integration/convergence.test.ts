import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createTeamAndDocument } from '../helpers/api';
import { type Client, closeClientsAndServer, connectClient, connectSynced } from '../helpers/clients';
import { delayedSocketClass } from '../helpers/delayed-socket';
import { startTestServer, type TestServer } from '../helpers/server';
import { randomEdit } from '../helpers/random-edit';
import { storedDocument } from '../helpers/stored';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  await closeClientsAndServer(clients, server);
  server = null;
});

/**
 * What a failed run leaves behind, for whoever reads the failure: each client against a fresh one
 * synced from the server — state vector, same content and deletions or not, and where the text
 * first differs.
 */
async function divergence(wsUrl: string, documentId: string, cookie: string): Promise<string> {
  const probe = await connectSynced(wsUrl, documentId, cookie);
  try {
    const vector = (doc: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].toSorted());
    const expected = probe.fragment.toString();
    const lines = [`server: ${vector(probe.doc)}, ${expected.length} chars`];
    for (const c of clients) {
      const text = c.fragment.toString();
      let at = 0;
      while (at < text.length && text[at] === expected[at]) at++;
      lines.push(
        `client ${c.doc.clientID}: synced ${c.provider.synced}, connected ${c.provider.wsconnected}, ${vector(c.doc)}, ` +
          `same deletions ${Y.equalSnapshots(Y.snapshot(c.doc), Y.snapshot(probe.doc))}` +
          (text === expected ? '' : `, differs at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 60))} vs ${JSON.stringify(expected.slice(Math.max(0, at - 40), at + 60))}`),
      );
    }
    return lines.join('\n');
  } finally {
    probe.destroy();
  }
}

async function runScenario(seed: number, clientCount: number, steps: number) {
  const gen = prng.create(seed);
  server = await startTestServer({ env: { COMPACT_AFTER_UPDATES: '40' } });
  const { documentId, session } = await createTeamAndDocument(server.url);
  for (let i = 0; i < clientCount; i++) {
    const DelayedSocket = delayedSocketClass(prng.create(seed * 31 + i), 25, session.cookie);
    clients.push(
      connectClient(server.wsUrl, documentId, {
        cookie: session.cookie,
        WebSocketPolyfill: DelayedSocket as unknown as typeof WebSocket,
      }),
    );
  }
  await waitFor(() => clients.every((c) => c.provider.synced), 10_000, 'initial sync');

  for (let step = 0; step < steps; step++) {
    const client = prng.oneOf(gen, clients);
    const roll = prng.uint32(gen, 0, 99);
    if (roll < 4) {
      if (client.provider.shouldConnect) client.provider.disconnect();
      else client.provider.connect();
    } else {
      randomEdit(gen, client.fragment);
    }
    if (prng.uint32(gen, 0, 2) === 0) await yieldToEventLoop(prng.uint32(gen, 0, 10));
  }
  for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();

  const texts = () => clients.map((c) => c.fragment.toString());
  try {
    await waitFor(
      () => clients.every((c) => c.provider.synced) && new Set(texts()).size === 1,
      30_000,
      `convergence (seed ${seed})`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await divergence(server.wsUrl, documentId, session.cookie)}`, { cause: error });
  }
  const final = texts()[0]!;
  const vectors = new Set(clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64')));
  expect(vectors.size).toBe(1);

  for (const c of clients.splice(0)) c.destroy();
  const dataDir = server.dataDir;
  await server.close();
  server = null;
  const stored = await storedDocument(dataDir, documentId);
  expect(stored.doc.getXmlFragment('default').toString(), `stored content (seed ${seed})`).toBe(final);
  expect(stored.logRows).toBe(0);
  return final;
}

describe('randomized convergence through the real server', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 5 clients, random edits, delays and reconnects end identical to each other and to storage`, async () => {
      const final = await runScenario(seed, 5, 400);
      expect(final.length).toBeGreaterThan(10);
    });
  }
});
