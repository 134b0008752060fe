import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTeamAndDocument } from '../helpers/api';
import { appendParagraph, type Client, connectSynced, fragmentText, whenStored } from '../helpers/clients';
import { type ServerProcess, spawnServer, tempDataDir } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

const processes: ServerProcess[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
});

async function spawn(dataDir: string) {
  const p = await spawnServer(dataDir);
  processes.push(p);
  return p;
}

let cookie = '';
async function open(wsUrl: string, documentId: string) {
  const c = await connectSynced(wsUrl, documentId, cookie);
  clients.push(c);
  return c;
}

describe('durability of the server process', () => {
  it('loses nothing a peer had received when the server is killed with SIGKILL mid-storm', async () => {
    const dataDir = tempDataDir();
    const first = await spawn(dataDir);
    const { documentId, session } = await createTeamAndDocument(first.url);
    cookie = session.cookie;
    const writers = [await open(first.wsUrl, documentId), await open(first.wsUrl, documentId)];
    const observer = await open(first.wsUrl, documentId);

    // Each edit is one paragraph; the server may pack several into one update.
    const received = () => observer.fragment.length;
    let typing = true;
    const storm = writers.map(async (w, n) => {
      for (let i = 0; typing; i++) {
        appendParagraph(w.fragment, `skriver ${n}:${i}`);
        if (i % 3 === 0) await new Promise((r) => setImmediate(r));
      }
    });
    await waitFor(() => received() >= 300, 20_000, 'edits at the observer');
    first.child.kill('SIGKILL');
    await first.exited;
    typing = false;
    await Promise.all(storm);
    // What the observer saw is exactly what the server let out before it died.
    const seen = Y.encodeStateAsUpdate(observer.doc);
    const seenText = fragmentText(observer.fragment);
    for (const c of clients.splice(0)) c.destroy();

    const second = await spawn(dataDir);
    const fresh = await open(second.wsUrl, documentId);
    expect(Y.snapshotContainsUpdate(Y.snapshot(fresh.doc), seen)).toBe(true);
    for (const line of seenText.match(/skriver \d+:\d+/g) ?? []) {
      expect(fragmentText(fresh.fragment)).toContain(`${line}<`);
    }
    expect(seenText.match(/skriver/g)!.length).toBeGreaterThan(100);
  });

  it('flushes and folds every open document on SIGTERM, then exits 0', async () => {
    const dataDir = tempDataDir();
    const server = await spawn(dataDir);
    const { documentId, session } = await createTeamAndDocument(server.url);
    cookie = session.cookie;
    const a = await open(server.wsUrl, documentId);
    for (let i = 0; i < 40; i++) appendParagraph(a.fragment, `linje ${i}`);
    const expected = fragmentText(a.fragment);
    await whenStored(a);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    const stored = await storedDocument(dataDir, documentId);
    expect(stored.logRows).toBe(0);
    expect(stored.doc.getXmlFragment('default').toString()).toBe(expected);
  });

  it('refuses to start with a readable message when configuration is invalid', async () => {
    await expect(spawnServer(tempDataDir(), { PORT: 'abc', LOG_LEVEL: 'loud' })).rejects.toThrow(
      /Invalid configuration:[\s\S]*PORT[\s\S]*LOG_LEVEL/,
    );
  });
});
