/**
 * Full-text search over SQLite FTS5 (migration 0010_leaders_full_text_search): one index of team
 * documents, cycles and published copies, kept current by triggers. Everything that reads it goes
 * through here, so another store (PostgreSQL's text search) replaces this one module.
 *
 * The tokenizer folds case for every letter ("øving" finds "Øving", "ÆRLIG" finds "ærlig") and
 * keeps å, æ and ø as letters of their own. Each word typed matches words that start with it.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The FTS5 table (a virtual table: created by the custom migration, never by drizzle-kit). */
export const searchIndex = sqliteTable('search_index', {
  rowid: integer('rowid').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  tags: text('tags').notNull(),
});

/** What each index row is: a document, a cycle or a published copy, and the team it belongs to. */
export const searchRefs = sqliteTable('search_refs', {
  rowid: integer('rowid').primaryKey(),
  kind: text('kind').$type<IndexedKind>().notNull(),
  refId: text('ref_id').notNull(),
  teamId: text('team_id').notNull(),
});

export type IndexedKind = 'document' | 'cycle' | 'published';

const MAX_TERMS = 12;
/** Marks around matched words in a snippet: control characters no text we index contains. */
const OPEN = '\u0002';
const CLOSE = '\u0003';

/**
 * What a person typed as an FTS5 query: each word a prefix (`"brøk"*`), all of them required.
 * Only letters and digits pass, so nothing typed is ever FTS5 syntax. Null: nothing to look for.
 */
export function matchExpression(q: string): string | null {
  const words = (q.toLocaleLowerCase('nb').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' ');
}

/** A condition on `searchIndex` joined to `searchRefs`: rows of these kinds matching `match`. */
export function matches(match: string, kinds: IndexedKind[]): SQL {
  return and(sql`search_index match ${match}`, inArray(searchRefs.kind, kinds))!;
}

/** Joins `searchRefs` to the index row (use with `.innerJoin(searchRefs, indexRow)`). */
export const indexRow = eq(searchRefs.rowid, searchIndex.rowid);

/** Text around the best match in the body, with the matched words marked (see `snippetText`). */
export const bodySnippet = sql<string>`snippet(search_index, 1, ${OPEN}, ${CLOSE}, '…', 16)`;

/** Best match first (FTS5's bm25 rank). */
export const byRank = sql`search_index.rank`;

/** The snippet as plain text, or null when the words matched elsewhere (title, tags) and not the body. */
export function snippetText(snippet: string | null): string | null {
  if (!snippet || !snippet.includes(OPEN)) return null;
  return snippet.replaceAll(OPEN, '').replaceAll(CLOSE, '').replace(/\s+/g, ' ').trim();
}
