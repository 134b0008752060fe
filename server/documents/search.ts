import { and, type Column, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import type { SearchHit } from '../../shared/schemas/documents';
import type { Db } from '../db/open';
import { cycles, documents } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';

const SNIPPET_RADIUS = 60;

/** `%`, `_` and `\` in what a teacher types are literal, not LIKE wildcards. */
const pattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const contains = (column: Column, p: string) => sql`${column} like ${p} escape '\\'`;

function snippet(text: string, q: string): string | null {
  const at = text.toLocaleLowerCase('nb').indexOf(q.toLocaleLowerCase('nb'));
  if (at < 0) return null;
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + q.length + SNIPPET_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/**
 * Titles, content, research questions and tags of one team's cycles and the documents `viewer` may see. Matching is
 * case-insensitive for ASCII (SQLite LIKE); Norwegian letters match as typed.
 */
export function searchTeam(db: Db, viewer: Viewer, teamId: string, q: string, tag: string | undefined): SearchHit[] {
  const p = pattern(q);
  const tagMatch = (column: typeof documents.tags | typeof cycles.tags) =>
    tag ? sql`exists (select 1 from json_each(${column}) where json_each.value = ${tag})` : undefined;
  const docHits = db
    .select({ id: documents.id, title: documents.title, kind: documents.kind, text: documents.searchText, updatedAt: documents.updatedAt })
    .from(documents)
    .where(
      and(
        eq(documents.teamId, teamId),
        isNull(documents.archivedAt),
        or(contains(documents.title, p), contains(documents.searchText, p), contains(documents.tags, p)),
        tagMatch(documents.tags),
        visibleTo(viewer),
      ),
    )
    .orderBy(desc(documents.updatedAt))
    .limit(50)
    .all()
    .map<SearchHit>((d) => ({
      type: 'document',
      id: d.id,
      title: d.title,
      kind: d.kind as DocumentKind,
      snippet: snippet(d.text, q),
      updatedAt: d.updatedAt.toISOString(),
    }));
  const cycleHits = db
    .select()
    .from(cycles)
    .where(
      and(
        eq(cycles.teamId, teamId),
        isNull(cycles.archivedAt),
        or(contains(cycles.title, p), contains(cycles.researchQuestion, p), contains(cycles.tags, p)),
        tagMatch(cycles.tags),
      ),
    )
    .orderBy(desc(cycles.updatedAt))
    .limit(20)
    .all()
    .map<SearchHit>((c) => ({
      type: 'cycle',
      id: c.id,
      title: c.title,
      snippet: snippet(c.researchQuestion, q),
      updatedAt: c.updatedAt.toISOString(),
    }));
  return [...cycleHits, ...docHits];
}
