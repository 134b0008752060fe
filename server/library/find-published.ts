import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import type { CycleOrigin, LibraryQuery, PublishedSummary, PublishScope } from '../../shared/schemas/library';
import type { Db, DbOrTx } from '../db/open';
import { cycles, publishedDocuments, schools, teams, users } from '../db/schema';
import { publishedVisibleTo, type Viewer } from '../policies';
import { fullText, hasTag, matchExpression, searchRefs, snippets } from '../search/full-text';

/** How many cycles were started from each published copy. */
const reuseCount = sql<number>`(select count(*) from ${cycles} where ${cycles.originPublishedId} = ${publishedDocuments.id})`;

const columns = {
  p: publishedDocuments,
  teamName: teams.name,
  schoolName: schools.name,
  publishedByName: users.name,
  reuseCount,
};

type Row = { p: typeof publishedDocuments.$inferSelect; teamName: string; schoolName: string; publishedByName: string | null; reuseCount: number };

export const toPublishedSummary = (r: Row, snippet: string | null = null): PublishedSummary => ({
  id: r.p.id,
  title: r.p.title,
  kind: r.p.kind as DocumentKind,
  scope: r.p.scope as PublishScope,
  tags: r.p.tags,
  subject: r.p.subject,
  grade: r.p.grade,
  researchQuestion: r.p.researchQuestion,
  team: { id: r.p.teamId, name: r.teamName },
  school: { id: r.p.schoolId, name: r.schoolName },
  publishedAt: r.p.publishedAt.toISOString(),
  publishedByName: r.publishedByName,
  reuseCount: r.reuseCount,
  snippet,
});

function selectPublished(db: DbOrTx) {
  return db
    .select(columns)
    .from(publishedDocuments)
    .innerJoin(teams, eq(teams.id, publishedDocuments.teamId))
    .innerJoin(schools, eq(schools.id, publishedDocuments.schoolId))
    .leftJoin(users, eq(users.id, publishedDocuments.publishedBy));
}

/** One published copy with names, whoever asks (authorize first). */
export async function findPublished(db: DbOrTx, publishedId: string): Promise<PublishedSummary | null> {
  const [row] = await selectPublished(db).where(eq(publishedDocuments.id, publishedId));
  return row ? toPublishedSummary(row) : null;
}

/** What the teams have published and not withdrawn, newest first: their shared work. */
export async function publishedByTeams(db: DbOrTx, teamIds: string[]): Promise<PublishedSummary[]> {
  if (teamIds.length === 0) return [];
  return (
    await selectPublished(db)
      .where(and(inArray(publishedDocuments.teamId, teamIds), sql`${publishedDocuments.withdrawnAt} is null`))
      .orderBy(desc(publishedDocuments.publishedAt))
  ).map((r) => toPublishedSummary(r));
}

/** Where a document is published now (not withdrawn). */
export async function publishedFrom(db: DbOrTx, documentId: string): Promise<PublishedSummary[]> {
  return (
    await selectPublished(db)
      .where(and(eq(publishedDocuments.sourceDocumentId, documentId), sql`${publishedDocuments.withdrawnAt} is null`))
      .orderBy(desc(publishedDocuments.publishedAt))
  ).map((r) => toPublishedSummary(r));
}

/**
 * The library as `viewer` sees it (own schools, and networks): filtered by focus area, subject,
 * grade and kind, and with `q` by full-text search (best match first); otherwise newest first.
 */
export async function searchLibrary(db: Db, viewer: Viewer, query: LibraryQuery): Promise<PublishedSummary[]> {
  const filters: Array<SQL | undefined> = [
    publishedVisibleTo(viewer),
    query.focusArea ? hasTag(db, publishedDocuments.tags, query.focusArea) : undefined,
    query.subject ? sql`lower(${publishedDocuments.subject}) = lower(${query.subject})` : undefined,
    query.grade ? sql`lower(${publishedDocuments.grade}) = lower(${query.grade})` : undefined,
    query.kind ? eq(publishedDocuments.kind, query.kind) : undefined,
  ];
  const terms = query.q ? matchExpression(query.q) : null;
  if (query.q && !terms) return [];
  if (!terms) {
    return (await selectPublished(db).where(and(...filters)).orderBy(desc(publishedDocuments.publishedAt)).limit(100)).map((r) => toPublishedSummary(r));
  }
  const search = fullText(db, terms, ['published']);
  const rows = await db
    .select({ ...columns, ref: searchRefs.rowid })
    .from(searchRefs)
    .innerJoin(search.hits, search.join)
    .innerJoin(publishedDocuments, eq(publishedDocuments.id, searchRefs.refId))
    .innerJoin(teams, eq(teams.id, publishedDocuments.teamId))
    .innerJoin(schools, eq(schools.id, publishedDocuments.schoolId))
    .leftJoin(users, eq(users.id, publishedDocuments.publishedBy))
    .where(and(search.where, ...filters))
    .orderBy(search.rank, desc(publishedDocuments.publishedAt))
    .limit(100);
  const snippet = await snippets(db, terms, rows.map((r) => r.ref));
  return rows.map((r) => toPublishedSummary(r, snippet.get(r.ref) ?? null));
}

/** Where a cycle started from the library came from, as its team sees it (withdrawn ones say so). */
export async function cycleOrigin(db: DbOrTx, originPublishedId: string | null): Promise<CycleOrigin | null> {
  if (!originPublishedId) return null;
  const row = (await db
    .select({ p: publishedDocuments, teamName: teams.name, schoolName: schools.name })
    .from(publishedDocuments)
    .innerJoin(teams, eq(teams.id, publishedDocuments.teamId))
    .innerJoin(schools, eq(schools.id, publishedDocuments.schoolId))
    .where(eq(publishedDocuments.id, originPublishedId)))[0];
  if (!row) return { publishedId: originPublishedId, title: '', teamName: '', schoolName: '', withdrawn: true };
  return { publishedId: row.p.id, title: row.p.title, teamName: row.teamName, schoolName: row.schoolName, withdrawn: row.p.withdrawnAt !== null };
}
