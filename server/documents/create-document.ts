import { and, eq } from 'drizzle-orm';
import { DEFAULT_LOCALE } from '../../shared/locale';
import type { CreateDocumentBody, DocumentSummary } from '../../shared/schemas/documents';
import { templates } from '../../shared/templates';
import type { DbOrTx } from '../db/open';
import { cycles, documentStates, documents } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import { type DocumentRow, toDocumentSummary } from './find-documents';
import { templateToUpdate } from './template-to-yjs';

interface NewDocument {
  teamId: string;
  createdBy: string;
  kind: CreateDocumentBody['kind'];
  title: string;
  cycleId?: string | undefined;
  round?: number | undefined;
  tags?: string[] | undefined;
  derivedFrom?: string | undefined;
  /** The starting Yjs state; the kind's template when not given. */
  state?: Uint8Array;
  /** Its text for search, when the starting state has text (a copy); refreshed once it is edited. */
  searchText?: string;
  locale?: CreateDocumentBody['locale'];
  visibility?: CreateDocumentBody['visibility'];
}

/**
 * Creates a document with its starting content already stored, in one transaction. The content
 * is written here, once; no client ever writes a template, so it cannot be duplicated.
 */
export async function createDocument(db: DbOrTx, doc: NewDocument): Promise<DocumentSummary> {
  const now = new Date();
  const state = doc.state ?? templateToUpdate(templates[doc.kind](doc.locale ?? DEFAULT_LOCALE));
  return await db.transaction(async (tx) => {
    let round: number | null = null;
    if (doc.cycleId) {
      const cycle = (await tx
        .select({ round: cycles.round })
        .from(cycles)
        .where(and(eq(cycles.id, doc.cycleId), eq(cycles.teamId, doc.teamId))))[0];
      // A cycle of another team is, to this caller, a cycle that does not exist.
      if (!cycle) throw new AppError(404, 'not_found', 'Cycle not found');
      round = doc.round ?? cycle.round;
    }
    const row: DocumentRow = {
      id: newId(),
      teamId: doc.teamId,
      kind: doc.kind,
      title: doc.title,
      cycleId: doc.cycleId ?? null,
      round,
      tags: doc.tags ?? [],
      derivedFrom: doc.derivedFrom ?? null,
      createdBy: doc.createdBy,
      createdAt: now,
      updatedAt: now,
      lastEditedBy: doc.createdBy,
      searchText: doc.searchText ?? '',
      archivedAt: null,
      visibility: doc.visibility ?? 'team',
      meetingUrl: null,
    };
    await tx.insert(documents).values(row);
    await tx.insert(documentStates).values({ documentId: row.id, state: Buffer.from(state), compactedAt: now });
    if (doc.cycleId) await tx.update(cycles).set({ updatedAt: now }).where(eq(cycles.id, doc.cycleId));
    return toDocumentSummary(row);
  });
}
