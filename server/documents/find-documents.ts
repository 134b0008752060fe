import type { Visibility } from '../../shared/privacy';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import type { DocumentSummary } from '../../shared/schemas/documents';
import type { Db } from '../db/open';
import { documents } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';

export type DocumentRow = typeof documents.$inferSelect;

export const toDocumentSummary = (row: DocumentRow): DocumentSummary => ({
  id: row.id,
  teamId: row.teamId,
  kind: row.kind as DocumentKind,
  title: row.title,
  cycleId: row.cycleId,
  round: row.round,
  tags: row.tags,
  derivedFrom: row.derivedFrom,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  lastEditedBy: row.lastEditedBy,
  archived: row.archivedAt !== null,
  visibility: row.visibility as Visibility,
});

/** A document the caller was already authorized for (see policies.authorizeDocument). */
export function findDocument(db: Db, documentId: string): DocumentSummary | null {
  const row = db.select().from(documents).where(eq(documents.id, documentId)).get();
  return row ? toDocumentSummary(row) : null;
}

/** The team's documents `viewer` may see, newest first. */
export function listDocuments(db: Db, viewer: Viewer, teamId: string, options: { cycleId?: string } = {}): DocumentSummary[] {
  return db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.teamId, teamId),
        isNull(documents.archivedAt),
        options.cycleId ? eq(documents.cycleId, options.cycleId) : undefined,
        visibleTo(viewer),
      ),
    )
    .orderBy(desc(documents.updatedAt))
    .all()
    .map(toDocumentSummary);
}
