/**
 * For unit tests of the sync server's parts: a real SQLite store with document rows to write to,
 * and a stand-in for a `ws` socket that records what it was sent (the socket library is not ours;
 * what the engine does with it is what is tested).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';
import type { CollabPermission } from '../../shared/protocol';
import { openDatabase } from '../../server/db/open';
import { Connection } from '../../server/sync/connection';
import { SqliteDocumentStore } from '../../server/sync/sqlite-document-store';

export function testStore(documentIds: string[], options: { logWriter?: 'main' | 'worker'; commitSpacingMs?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-unit-'));
  const { db, sqlite, gate } = openDatabase(dir, 'NORMAL');
  const now = Date.now();
  sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('school', 'S', now);
  sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('team', 'school', 'T', now);
  const insertDocument = sqlite.prepare("insert into documents (id, team_id, kind, title, created_at, updated_at) values (?, 'team', 'note', ?, ?, ?)");
  for (const id of documentIds) insertDocument.run(id, id, now, now);
  const store = new SqliteDocumentStore(sqlite, gate, options);
  return {
    store,
    db,
    sqlite,
    /** What is stored for a document right now, read straight from SQLite (synchronously). */
    storedNow(documentId: string): Y.Doc {
      const doc = new Y.Doc();
      const state = sqlite.prepare('select state from document_states where document_id = ?').get(documentId) as { state: Buffer } | undefined;
      const rows = sqlite.prepare('select "update" as u from document_updates where document_id = ? order by seq').all(documentId) as Array<{ u: Buffer }>;
      Y.transact(doc, () => {
        if (state) Y.applyUpdate(doc, state.state);
        for (const r of rows) Y.applyUpdate(doc, r.u);
      });
      return doc;
    },
    /** What is stored for a document, as a Y.Doc (read through the store, like a fresh load). */
    async stored(documentId: string): Promise<Y.Doc> {
      const { state, updates } = await store.load(documentId);
      const doc = new Y.Doc();
      Y.transact(doc, () => {
        if (state) Y.applyUpdate(doc, state);
        for (const u of updates) Y.applyUpdate(doc, u);
      });
      return doc;
    },
    async close() {
      await store.close();
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stand-in for a `ws` socket: records frames and the close. */
export class FakeSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(message: Uint8Array): void {
    this.sent.push(message);
  }
  close(code: number, reason: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }
  /** The Yjs updates it was sent (sync step 2 and updates), applied to `doc`. */
  applyTo(doc: Y.Doc): void {
    for (const m of this.sent) {
      const d = decoding.createDecoder(m);
      if (decoding.readVarUint(d) !== MessageType.SYNC) continue;
      const kind = decoding.readVarUint(d);
      if (kind === 1 || kind === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    }
  }
  /** Frames of one message type. */
  ofType(type: number): Uint8Array[] {
    return this.sent.filter((m) => decoding.readVarUint(decoding.createDecoder(m)) === type);
  }
}

let users = 0;
export function fakeConnection(documentId: string, permission: CollabPermission = 'edit') {
  const ws = new FakeSocket();
  const n = ++users;
  const conn = new Connection(ws as unknown as WebSocket, {
    documentId,
    teamId: 'team',
    permission,
    user: { id: `user-${n}`, name: `Person ${n}` },
    sessionId: `session-${n}`,
    standing: 'member',
  });
  return { ws, conn };
}
