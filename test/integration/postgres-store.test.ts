import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPostgres, type OpenPostgres } from '../../server/db/pg/open';
import { DeletedDocumentError } from '../../server/sync/document-store';
import { PostgresDocumentStore } from '../../server/sync/postgres-document-store';
import { type Postgres, startPostgres } from '../helpers/services';
import { waitFor } from '../helpers/wait';

let postgres: Postgres;
let opened: OpenPostgres;
let store: PostgresDocumentStore;
beforeAll(async () => {
  postgres = await startPostgres();
  opened = await openPostgres(postgres.url);
  store = new PostgresDocumentStore(opened.pool);
});
afterAll(async () => {
  await opened?.close();
  await postgres?.stop();
});

/** An update that appends `text` to the document's `t` text, made on a fresh client. */
function edit(base: Y.Doc, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getText('t').insert(doc.getText('t').length, text);
  Y.applyUpdate(base, update!);
  return update!;
}

function contentOf(stored: { state: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('PostgresDocumentStore on a real PostgreSQL', () => {
  it('numbers each document 1, 2, 3… in one group commit, and loads what it committed', async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const seqs = await Promise.all([
      store.append('doc-a', edit(a, 'x')),
      store.append('doc-b', edit(b, 'p')),
      store.append('doc-a', edit(a, 'y')),
      store.append('doc-a', edit(a, 'z')),
      store.append('doc-b', edit(b, 'q')),
    ]);
    expect(seqs).toEqual([1, 1, 2, 3, 2]);
    const loaded = await store.load('doc-a');
    expect(loaded.lastSeq).toBe(3);
    expect(contentOf(loaded)).toBe('xyz');
    expect((await store.heads(['doc-a', 'doc-b', 'doc-none'])).get('doc-b')).toBe(2);
    expect((await store.readSince('doc-a', 1)).updates.map((u) => u.seq)).toEqual([2, 3]);
  });

  it('two stores (two instances) appending to one document get distinct numbers without holes', async () => {
    const other = await openPostgres(postgres.url);
    try {
      const second = new PostgresDocumentStore(other.pool);
      const doc = new Y.Doc();
      const appends: Array<Promise<number>> = [];
      for (let i = 0; i < 200; i++) appends.push((i % 2 ? store : second).append('shared', edit(doc, String(i % 10))));
      const seqs = await Promise.all(appends);
      expect(seqs.toSorted((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(contentOf(await second.load('shared'))).toBe(doc.getText('t').toString());
    } finally {
      await other.close();
    }
  });

  it('compaction folds through a sequence number and keeps every append that commits meanwhile', async () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 20; i++) await store.append('folded', edit(doc, 'a'));
    const through = 20;
    const state = Y.encodeStateAsUpdate(doc);
    // Appends racing the compaction, from this store and a second instance's.
    const other = await openPostgres(postgres.url);
    try {
      const second = new PostgresDocumentStore(other.pool);
      const racing: Array<Promise<number>> = [];
      const compactions: Array<Promise<void>> = [];
      for (let i = 0; i < 30; i++) {
        racing.push((i % 2 ? store : second).append('folded', edit(doc, 'b')));
        if (i % 10 === 0) compactions.push(store.compact('folded', state, through), second.compact('folded', state, through));
      }
      await Promise.all([...racing, ...compactions]);
      const loaded = await store.load('folded');
      expect(contentOf(loaded)).toBe(doc.getText('t').toString());
      expect(loaded.lastSeq).toBe(50);
      expect(loaded.updates.length).toBe(30);
      // An older state never replaces a newer one (another instance folded further already).
      await store.compact('folded', Y.encodeStateAsUpdate(new Y.Doc()), 5);
      expect(contentOf(await store.load('folded'))).toBe(doc.getText('t').toString());
      const since = await store.readSince('folded', 3);
      expect(since.state?.throughSeq).toBe(20);
      expect(since.updates[0]!.seq).toBe(21);
    } finally {
      await other.close();
    }
  });

  it('the app’s store writes nothing for a deleted document: not after the deletion, not while it waits for one to commit', async () => {
    const app = new PostgresDocumentStore(opened.pool, { documentsTable: true });
    const query = async (text: string, values: unknown[] = []) => (await opened.pool.query(text, values)).rows;
    const now = Date.now();
    await query(`INSERT INTO schools (id, name, created_at) VALUES ('s', 'S', $1)`, [now]);
    await query(`INSERT INTO teams (id, school_id, name, created_at) VALUES ('t', 's', 'T', $1)`, [now]);
    for (const id of ['live', 'gone', 'racing']) {
      await query(`INSERT INTO documents (id, team_id, kind, title, created_at, updated_at) VALUES ($1, 't', 'note', $1, $2, $2)`, [id, now]);
    }
    const doc = new Y.Doc();
    expect(await app.append('racing', edit(doc, 'r'))).toBe(1);

    // Deleted before (by another instance): refused, and the others of the same commit are kept.
    await query('DELETE FROM documents WHERE id = $1', ['gone']);
    const results = await Promise.allSettled([app.append('live', edit(doc, 'a')), app.append('gone', edit(doc, 'g')), app.append('live', edit(doc, 'b'))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).name))).toEqual([1, 'DeletedDocumentError', 2]);

    // Deleted by a transaction that commits while the append waits for it.
    const deleting = await opened.pool.connect();
    try {
      await deleting.query('BEGIN');
      await deleting.query('DELETE FROM documents WHERE id = $1', ['racing']);
      const late = app.append('racing', edit(doc, 's'));
      const refused = expect(late).rejects.toBeInstanceOf(DeletedDocumentError);
      await waitFor(async () => Number((await query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`))[0]!.n) > 0, 10_000, 'the append waiting for the deletion');
      await deleting.query('COMMIT');
      await refused;
    } finally {
      deleting.release();
    }
    // Nor does a compaction (an instance unloading its copy) bring the state back.
    await app.compact('racing', Y.encodeStateAsUpdate(doc), 1);
    for (const table of ['document_updates', 'document_heads', 'document_states']) {
      expect(await query(`SELECT document_id FROM ${table} WHERE document_id = ANY($1)`, [['gone', 'racing']]), table).toEqual([]);
    }
    expect((await app.load('live')).updates).toHaveLength(2);
  });

  it('two instances migrating at the same moment both start (advisory lock)', async () => {
    const url = await postgres.createDatabase('racing_migrations');
    const both = await Promise.all([openPostgres(url), openPostgres(url)]);
    const { rows } = await both[0].pool.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    await Promise.all(both.map((o) => o.close()));
  });
});
