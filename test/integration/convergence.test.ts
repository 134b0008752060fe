import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createTeamAndDocument } from '../helpers/api';
import { type Client, closeClientsAndServer, connectClient } from '../helpers/clients';
import { delayedSocketClass } from '../helpers/delayed-socket';
import { startTestServer, type TestServer } from '../helpers/server';
import { readStoredDocument } from '../helpers/stored';
import { waitFor, yieldToEventLoop } from '../helpers/wait';

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  await closeClientsAndServer(clients, server);
  server = null;
});

const WORDS = ['elev', 'brøk', ' ', 'hvorfor', 'A', 'B', 'C', 'æøå', '!', 'tid', '\n'];

/** One random Tiptap-shaped edit: paragraphs of formatted text in the `default` fragment. */
function randomEdit(gen: prng.PRNG, fragment: Y.XmlFragment): void {
  const doc = fragment.doc!;
  const paragraphs = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const roll = prng.uint32(gen, 0, 99);
  doc.transact(() => {
    if (paragraphs.length === 0 || roll < 12) {
      const p = new Y.XmlElement(prng.bool(gen) ? 'paragraph' : 'heading');
      if (p.nodeName === 'heading') p.setAttribute('level', String(prng.uint32(gen, 1, 3)));
      p.insert(0, [new Y.XmlText(prng.oneOf(gen, WORDS))]);
      fragment.insert(prng.uint32(gen, 0, fragment.length), [p]);
      return;
    }
    const p = prng.oneOf(gen, paragraphs);
    if (roll < 17 && paragraphs.length > 1) {
      fragment.delete(fragment.toArray().indexOf(p), 1);
      return;
    }
    let text = p.get(0);
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      p.insert(0, [text]);
    }
    const t = text as Y.XmlText;
    const len = t.length;
    const pos = prng.uint32(gen, 0, len);
    if (roll < 65 || len === 0) {
      t.insert(pos, prng.oneOf(gen, WORDS), prng.bool(gen) ? { bold: {} } : {});
    } else if (roll < 85) {
      t.delete(pos, Math.min(len - pos, prng.uint32(gen, 1, 4)));
    } else {
      t.format(pos, Math.min(len - pos, prng.uint32(gen, 1, 6)), prng.bool(gen) ? { italic: {} } : { bold: null });
    }
  });
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
  await waitFor(
    () => clients.every((c) => c.provider.synced) && new Set(texts()).size === 1,
    30_000,
    `convergence (seed ${seed})`,
  );
  const final = texts()[0]!;
  const vectors = new Set(clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64')));
  expect(vectors.size).toBe(1);

  for (const c of clients.splice(0)) c.destroy();
  const dataDir = server.dataDir;
  await server.close();
  server = null;
  const stored = readStoredDocument(dataDir, documentId);
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
