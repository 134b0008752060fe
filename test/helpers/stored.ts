import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { queryDatabase } from './db-files';
import { testDatabase } from './test-database';

type StoredRows = { state: { state: Buffer } | undefined; rows: Array<{ update: Buffer }> };

function toStored({ state, rows }: StoredRows) {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state.state);
  for (const row of rows) Y.applyUpdate(doc, row.update);
  return { doc, logRows: rows.length, hasState: Boolean(state), stateBytes: state?.state.length ?? 0 };
}

const STATE = 'select state from document_states where document_id = ?';
const LOG = 'select "update" from document_updates where document_id = ? order by seq';
const BOTH = `select 0 as kind, 0 as seq, state as data from document_states where document_id = ?
  union all select 1, seq, "update" from document_updates where document_id = ? order by 1, 2`;

/** Reads a document straight from the SQLite file, through a separate connection. */
export function readStoredDocument(dataDir: string, documentId: string) {
  const db = new Database(path.join(dataDir, 'fellesrom.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return toStored({
      state: db.prepare(STATE).get(documentId) as { state: Buffer } | undefined,
      rows: db.prepare(LOG).all(documentId) as Array<{ update: Buffer }>,
    });
  } finally {
    db.close();
  }
}

/** Reads a document straight from the server's database, whichever it is (TEST_DATABASE), through a connection of its own. */
export async function storedDocument(dataDir: string, documentId: string) {
  if (testDatabase === 'sqlite') return readStoredDocument(dataDir, documentId);
  // One statement, so one snapshot: a compaction committing between two reads would hide rows.
  const rows = await queryDatabase<{ kind: number; data: Buffer }>(dataDir, BOTH, documentId, documentId);
  const state = rows.find((r) => r.kind === 0);
  return toStored({
    state: state && { state: state.data },
    rows: rows.filter((r) => r.kind === 1).map((r) => ({ update: r.data })),
  });
}
