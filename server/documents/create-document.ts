import { DEFAULT_LOCALE } from '../../shared/locale';
import type { CreateDocumentBody, DocumentSummary } from '../../shared/schemas/documents';
import { templates } from '../../shared/templates';
import type { Db } from '../db/open';
import { documentStates, documents } from '../db/schema';
import { newId } from '../ids';
import { toDocumentSummary } from './find-documents';
import { templateToUpdate } from './template-to-yjs';

/**
 * Creates a document with its kind's starting content already stored, in one transaction.
 * The template is applied here, once; no client ever writes it, so it cannot be duplicated.
 */
export function createDocument(db: Db, teamId: string, createdBy: string, body: CreateDocumentBody): DocumentSummary {
  const now = new Date();
  const row = { id: newId(), teamId, kind: body.kind, title: body.title, createdBy, createdAt: now, updatedAt: now, archivedAt: null };
  const state = templateToUpdate(templates[body.kind](body.locale ?? DEFAULT_LOCALE));
  db.transaction((tx) => {
    tx.insert(documents).values(row).run();
    tx.insert(documentStates).values({ documentId: row.id, state: Buffer.from(state), compactedAt: now }).run();
  });
  return toDocumentSummary(row);
}
