import type { Visibility } from '../../shared/privacy';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DocumentKind } from '../../shared/document-kinds';
import type { Standing } from '../../shared/roles';
import { collabPermission } from '../../shared/roles';
import type { DocumentDetail, DocumentListQuery, DocumentSummary, ListedDocument } from '../../shared/schemas/documents';
import type { Db } from '../db/open';
import { documents, schools, teams, users } from '../db/schema';
import { documentCapabilities, type Viewer, visibleTo } from '../policies';

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
export async function findDocument(db: Db, documentId: string): Promise<DocumentSummary | null> {
  const row = (await db.select().from(documents).where(eq(documents.id, documentId)))[0];
  return row ? toDocumentSummary(row) : null;
}

/** The document as the caller sees it, with what they may do and which team and school it is in (authorize first). */
export async function documentDetail(db: Db, documentId: string, standing: Standing, userId: string): Promise<DocumentDetail> {
  const row = (await db
    .select({ doc: documents, teamName: teams.name, schoolId: schools.id, schoolName: schools.name })
    .from(documents)
    .innerJoin(teams, eq(teams.id, documents.teamId))
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(documents.id, documentId)))[0]!;
  const doc = toDocumentSummary(row.doc);
  return {
    ...doc,
    access: collabPermission(standing),
    can: documentCapabilities(standing, userId, doc),
    standing,
    team: { id: doc.teamId, name: row.teamName, school: { id: row.schoolId, name: row.schoolName } },
    meetingUrl: row.doc.meetingUrl,
  };
}

/** The team's documents `viewer` may see, newest first. */
export async function listDocuments(db: Db, viewer: Viewer, teamId: string, options: { cycleId?: string } = {}): Promise<DocumentSummary[]> {
  return (await db
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
    .orderBy(desc(documents.updatedAt)))
    .map(toDocumentSummary);
}

const creators = alias(users, 'creators');
const editors = alias(users, 'editors');
const collator = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });

/**
 * The team's documents as the full list shows them: filtered by title words, kind, cycle, tag
 * and archive state, in the order asked for (titles in Norwegian alphabetical order).
 */
export async function findTeamDocuments(db: Db, viewer: Viewer, teamId: string, query: DocumentListQuery): Promise<ListedDocument[]> {
  const archived = query.archived ?? 'exclude';
  const rows = (await db
    .select({ doc: documents, createdByName: creators.name, lastEditedByName: editors.name })
    .from(documents)
    .leftJoin(creators, eq(creators.id, documents.createdBy))
    .leftJoin(editors, eq(editors.id, documents.lastEditedBy))
    .where(
      and(
        eq(documents.teamId, teamId),
        archived === 'exclude' ? isNull(documents.archivedAt) : archived === 'only' ? isNotNull(documents.archivedAt) : undefined,
        query.kind ? eq(documents.kind, query.kind) : undefined,
        query.cycleId ? eq(documents.cycleId, query.cycleId) : undefined,
        visibleTo(viewer),
      ),
    ))
    .map((r) => ({ ...toDocumentSummary(r.doc), createdByName: r.createdByName, lastEditedByName: r.lastEditedByName }));
  const words = (query.q ?? '').toLocaleLowerCase('nb').split(/\s+/).filter(Boolean);
  const tag = query.tag?.toLocaleLowerCase('nb');
  const matching = rows.filter(
    (d) => words.every((w) => d.title.toLocaleLowerCase('nb').includes(w)) && (!tag || d.tags.some((t) => t.toLocaleLowerCase('nb') === tag)),
  );
  const sort = query.sort ?? 'updated';
  const order = query.order ?? (sort === 'updated' || sort === 'created' ? 'desc' : 'asc');
  const compare: Record<typeof sort, (a: ListedDocument, b: ListedDocument) => number> = {
    updated: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
    created: (a, b) => a.createdAt.localeCompare(b.createdAt),
    title: (a, b) => collator.compare(a.title, b.title),
    kind: (a, b) => a.kind.localeCompare(b.kind) || collator.compare(a.title, b.title),
  };
  const sorted = matching.toSorted(compare[sort]);
  return order === 'desc' ? sorted.toReversed() : sorted;
}
