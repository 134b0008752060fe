import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

/** Reads a document straight from the SQLite file, through a separate connection. */
export function readStoredDocument(dataDir: string, documentId: string) {
  const db = new Database(path.join(dataDir, 'fellesrom.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const state = db.prepare('select state from document_states where document_id = ?').get(documentId) as
      | { state: Buffer }
      | undefined;
    const rows = db.prepare('select "update" from document_updates where document_id = ? order by seq').all(documentId) as Array<{
      update: Buffer;
    }>;
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state.state);
    for (const row of rows) Y.applyUpdate(doc, row.update);
    return { doc, logRows: rows.length, hasState: Boolean(state), stateBytes: state?.state.length ?? 0 };
  } finally {
    db.close();
  }
}
