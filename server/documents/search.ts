import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import type { SearchHit } from '../../shared/schemas/documents';
import type { Db } from '../db/open';
import { cycles, documents } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';
import { fullText, hasTag, matchExpression, searchRefs, snippets } from '../search/full-text';

/**
 * Titles, content, research questions and tags of one team's cycles and the documents `viewer` may
 * see, by full-text search: every word typed must start a word there, in any case ("øving" finds
 * "Øving"). Best matches first.
 */
export async function searchTeam(db: Db, viewer: Viewer, teamId: string, q: string, tag: string | undefined): Promise<SearchHit[]> {
  const terms = matchExpression(q);
  if (!terms) return [];
  const tagMatch = (column: typeof documents.tags | typeof cycles.tags) => (tag ? hasTag(db, column, tag) : undefined);
  const inDocuments = fullText(db, terms, ['document']);
  const inCycles = fullText(db, terms, ['cycle']);
  const docRows = await db
    .select({ ref: searchRefs.rowid, id: documents.id, title: documents.title, kind: documents.kind, updatedAt: documents.updatedAt })
    .from(searchRefs)
    .innerJoin(inDocuments.hits, inDocuments.join)
    .innerJoin(documents, eq(documents.id, searchRefs.refId))
    .where(and(inDocuments.where, eq(searchRefs.teamId, teamId), isNull(documents.archivedAt), tagMatch(documents.tags), visibleTo(viewer)))
    .orderBy(inDocuments.rank, desc(documents.updatedAt))
    .limit(50);
  const cycleRows = await db
    .select({ ref: searchRefs.rowid, id: cycles.id, title: cycles.title, updatedAt: cycles.updatedAt })
    .from(searchRefs)
    .innerJoin(inCycles.hits, inCycles.join)
    .innerJoin(cycles, eq(cycles.id, searchRefs.refId))
    .where(and(inCycles.where, eq(searchRefs.teamId, teamId), isNull(cycles.archivedAt), tagMatch(cycles.tags)))
    .orderBy(inCycles.rank, desc(cycles.updatedAt))
    .limit(20);
  const snippet = await snippets(db, terms, [...docRows, ...cycleRows].map((r) => r.ref));
  const docHits = docRows.map<SearchHit>((d) => ({
    type: 'document',
    id: d.id,
    title: d.title,
    kind: d.kind as DocumentKind,
    snippet: snippet.get(d.ref) ?? null,
    updatedAt: d.updatedAt.toISOString(),
  }));
  const cycleHits = cycleRows.map<SearchHit>((c) => ({ type: 'cycle', id: c.id, title: c.title, snippet: snippet.get(c.ref) ?? null, updatedAt: c.updatedAt.toISOString() }));
  return [...cycleHits, ...docHits];
}
