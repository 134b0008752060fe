/**
 * Full-text search: one index of team documents, cycles and published copies, kept current by
 * triggers — SQLite FTS5 (its migration 0010_leaders_full_text_search) or PostgreSQL's text search
 * (its migration 0003_scale_search_and_cleanup). Everything that reads it goes through here.
 *
 * The tokenizer folds case for every letter ("øving" finds "Øving", "ÆRLIG" finds "ærlig") and
 * keeps å, æ and ø as letters of their own. Each word typed matches words that start with it.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { integer, type SQLiteColumn, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { isPostgres } from '../db/dialect';
import type { DbOrTx } from '../db/open';

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
 * The words a person typed, as search terms: lowercase, letters and digits only (so nothing typed
 * is ever query syntax), at most MAX_TERMS. Null: nothing to look for.
 */
export function matchExpression(q: string): string[] | null {
  const words = (q.toLocaleLowerCase('nb').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);
  return words.length === 0 ? null : words;
}

/**
 * A search over the index joined to `searchRefs` (`.from(searchIndex).innerJoin(searchRefs,
 * indexRow)`): the condition for rows of these kinds where every term starts a word, the body's
 * snippet around the matches, and the order, best match first. SQLite: FTS5 (`"term"*`, bm25);
 * PostgreSQL: the `words` tsvector (`term:*`, ts_rank), see its migration 0003.
 */
export function fullText(db: DbOrTx, terms: string[], kinds: IndexedKind[]): { where: SQL; snippet: SQL<string>; rank: SQL } {
  if (isPostgres(db)) {
    const query = sql`to_tsquery('simple', ${terms.map((t) => `${t}:*`).join(' & ')})`;
    return {
      where: and(sql`search_index.words @@ ${query}`, inArray(searchRefs.kind, kinds))!,
      snippet: sql<string>`ts_headline('simple', search_index.body, ${query}, ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…`})`,
      rank: sql`ts_rank(search_index.words, ${query}) desc`,
    };
  }
  return {
    where: and(sql`search_index match ${terms.map((t) => `"${t}"*`).join(' ')}`, inArray(searchRefs.kind, kinds))!,
    snippet: sql<string>`snippet(search_index, 1, ${OPEN}, ${CLOSE}, '…', 16)`,
    rank: sql`search_index.rank`,
  };
}

/** Joins `searchRefs` to the index row (use with `.innerJoin(searchRefs, indexRow)`). */
export const indexRow = eq(searchRefs.rowid, searchIndex.rowid);

/** Whether a JSON list of tags (a `tags` column) holds `tag`. */
export function hasTag(db: DbOrTx, column: SQLiteColumn, tag: string): SQL {
  return isPostgres(db)
    ? sql`${column} @> jsonb_build_array(${tag}::text)`
    : sql`exists (select 1 from json_each(${column}) where json_each.value = ${tag})`;
}

/** The snippet as plain text, or null when the words matched elsewhere (title, tags) and not the body. */
export function snippetText(snippet: string | null): string | null {
  if (!snippet || !snippet.includes(OPEN)) return null;
  return snippet.replaceAll(OPEN, '').replaceAll(CLOSE, '').replace(/\s+/g, ' ').trim();
}
