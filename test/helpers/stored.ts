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
  return toStored({
    state: (await queryDatabase<{ state: Buffer }>(dataDir, STATE, documentId))[0],
    rows: await queryDatabase<{ update: Buffer }>(dataDir, LOG, documentId),
  });
}
