/**
 * Full-text search: one index of team documents, cycles and published copies, kept current by
 * triggers and storeSearchText — SQLite FTS5 (its migrations 0010_leaders_full_text_search and
 * 0012_fts_chunked_search) or PostgreSQL's text search (its migration 0003_scale_search_and_cleanup).
 * Everything that reads or writes it goes through here.
 *
 * The tokenizer folds case for every letter ("øving" finds "Øving", "ÆRLIG" finds "ærlig") and
 * keeps å, æ and ø as letters of their own. Each word typed matches words that start with it.
 */
import { and, asc, between, eq, gte, inArray, max, type SQL, sql } from 'drizzle-orm';
import { integer, type SQLiteColumn, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { isPostgres } from '../db/dialect';
import type { DbOrTx } from '../db/open';
import { documents } from '../db/schema';
import { textChunks } from './text-chunks';

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

/** Index rowids per indexed thing: ref * CHUNK_ROWS is its title-and-tags row, its text chunks follow (SQLite). */
const CHUNK_ROWS = 1_048_576;
/** In the SQL text, not a parameter: a bound JavaScript number may arrive as a real, and rowid / 2^20 must divide integers. */
const CHUNK = sql.raw(String(CHUNK_ROWS));

/**
 * A search over `searchRefs` (`.from(searchRefs).innerJoin(hits, join)`): the indexed things of these
 * kinds where every term starts a word, and the order, best match first; then `snippets` for the
 * page of hits. SQLite: FTS5 (`"term"*`, bm25) over chunks (migration 0012) — every term must be in
 * one of the thing's rows, not necessarily the same one, and its score is its best row's (one pass
 * over the index per term, and one grouped pass for the scores). PostgreSQL: the `words` tsvector of
 * one row per thing (`term:*`, ts_rank), see its migration 0003.
 */
export function fullText(db: DbOrTx, terms: string[], kinds: IndexedKind[]) {
  let hits;
  if (isPostgres(db)) {
    const query = tsQuery(terms);
    hits = db
      .select({ ref: sql<number>`search_index.rowid`.as('ref'), score: sql<number>`-ts_rank(search_index.words, ${query})`.as('score') })
      .from(searchIndex)
      .where(sql`search_index.words @@ ${query}`)
      .as('hits');
  } else {
    const phrases = terms.map((t) => `"${t}"*`);
    const everyTerm = sql.join(
      phrases.map((p) => sql`select rowid / ${CHUNK} from search_index where search_index match ${p}`),
      sql` intersect `,
    );
    hits = db
      .select({ ref: sql<number>`rowid / ${CHUNK}`.as('ref'), score: sql<number>`min(rank)`.as('score') })
      .from(searchIndex)
      .where(and(sql`search_index match ${phrases.join(' OR ')}`, phrases.length > 1 ? sql`rowid / ${CHUNK} in (${everyTerm})` : undefined))
      .groupBy(sql`1`)
      .as('hits');
  }
  return { hits, join: eq(hits.ref, searchRefs.rowid), where: inArray(searchRefs.kind, kinds), rank: asc(hits.score) };
}

/**
 * The body's snippet around the matched words, by indexed thing (`searchRefs.rowid`) — for a page of
 * `fullText` hits; as plain text (`snippetText`), null when the words matched only elsewhere. On
 * SQLite it comes from the thing's best-matching text chunk.
 */
export async function snippets(db: DbOrTx, terms: string[], refs: number[]): Promise<Map<number, string | null>> {
  const found = new Map<number, string | null>();
  if (refs.length === 0) return found;
  const rows = isPostgres(db)
    ? await db
      .select({
        ref: searchIndex.rowid,
        snippet: sql<string>`ts_headline('simple', search_index.body, ${tsQuery(terms)}, ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…`})`,
      })
      .from(searchIndex)
      .where(inArray(searchIndex.rowid, refs))
    : await db
      .select({ ref: sql<number>`rowid / ${CHUNK}`, snippet: sql<string>`snippet(search_index, 1, ${OPEN}, ${CLOSE}, '…', 16)` })
      .from(searchIndex)
      .where(and(sql`search_index match ${`body : (${terms.map((t) => `"${t}"*`).join(' OR ')})`}`, inArray(sql`rowid / ${CHUNK}`, refs)))
      .orderBy(sql`rank`);
  for (const row of rows) if (!found.has(Number(row.ref))) found.set(Number(row.ref), snippetText(row.snippet));
  return found;
}

const tsQuery = (terms: string[]) => sql`to_tsquery('simple', ${terms.map((t) => `${t}:*`).join(' & ')})`;

/**
 * Stores a document's search text (documents.search_text) and, on SQLite, puts into the full-text
 * index only the chunks (text-chunks.ts) that are not there already and takes out those no longer in
 * it, reusing their rowids: an edit costs about its own chunks, not the document. (On PostgreSQL the
 * row's trigger re-indexes it in the database server, off this process's thread.) Everything that
 * changes a document's search text goes through here.
 *
 * `text` as a function (given the stored text) is read inside the transaction, with the row locked:
 * an edit's text read before a redaction stored its own would otherwise overwrite it with the pupil's name
 * still in it. Unchanged text whose index is known to match writes nothing.
 *
 * `stepChars` bounds the index work of this call (see INDEX_STEP_CHARS); false: the index still lags
 * the stored text, and catchUpSearchIndex takes the next step. Unbounded (redaction) it always matches.
 */
export async function storeSearchText(db: DbOrTx, documentId: string, text: string | ((stored: string) => string), stepChars = Infinity): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const postgres = isPostgres(tx);
    // (SQLite's gate already runs one transaction at a time.)
    if (postgres) await tx.run(sql`select 1 from documents where id = ${documentId} for update`);
    const stored = (await tx.select({ text: documents.searchText }).from(documents).where(eq(documents.id, documentId)))[0];
    if (!stored) {
      lagging.delete(documentId);
      return true;
    }
    const now = typeof text === 'function' ? text(stored.text) : text;
    if (now !== stored.text) {
      await tx.update(documents).set({ searchText: now }).where(eq(documents.id, documentId));
      matching.delete(documentId);
    } else if (typeof text === 'function' && (postgres || matching.has(documentId))) {
      return true;
    }
    return postgres || (await indexChunks(tx, documentId, now, stepChars));
  });
}

/**
 * One more step of bringing a document's index to the search text stored for it now (so a step
 * never puts back text that a redaction took out meanwhile). True once they match, or the document
 * is gone.
 */
export async function catchUpSearchIndex(db: DbOrTx, documentId: string, stepChars: number): Promise<boolean> {
  return await storeSearchText(db, documentId, (stored) => stored, stepChars);
}

/**
 * Documents whose index a crash may have left behind their stored text: the steps of a re-index
 * are taken one at a time after the text is stored, so a server killed between two steps leaves
 * the rest undone, and (until now) only the document's next edit took them up. Those are documents
 * edited shortly before the server stopped, which is read from the newest edit stored: the hour
 * before it, far longer than a re-index takes even on a busy server. A step finds nothing to do
 * for a document whose index matches. PostgreSQL indexes each text whole, in the row's own
 * transaction: nothing can lag there.
 */
export async function documentsWhoseIndexMayLag(db: DbOrTx, windowMs = 60 * 60_000): Promise<string[]> {
  if (isPostgres(db)) return [];
  const newest = (await db.select({ at: max(documents.updatedAt) }).from(documents))[0]?.at;
  if (!newest) return [];
  const since = new Date(new Date(newest).getTime() - windowMs);
  return (await db.select({ id: documents.id }).from(documents).where(gte(documents.updatedAt, since))).map((r) => r.id);
}

/**
 * The index work one step of an edit's re-indexing may do, in characters taken out plus put in.
 * FTS5 with secure-delete costs about 1–3 ms per kB on this thread, in one synchronous statement,
 * so a whole re-index (ten people typing in ten places rewrite ten chunks; a document's first edit
 * after migration 0012 rewrites all of them) held every socket up for 20–130 ms — the bench's p99
 * at half the ceiling. In steps, with the event loop's other work between them, it waits for at most
 * one step. Each step also pays a fixed part (the document's chunk rows read again, a transaction
 * whose commit flushes and merges FTS5's segments: about 1.5 ms together), so steps of 2 kB made
 * the re-index after 20 s of ten people typing in each of 20 documents cost 430–490 ms of the main
 * thread, and steps of 8 kB 160–330 ms (a probe: one server, 1000 keystrokes/s for 20 s, then
 * quiet); a step may hold the thread ~10–20 ms instead of ~5.
 */
export const INDEX_STEP_CHARS = 8192;

/** Brings the document's chunk rows towards `text`'s chunks, within `budget` characters; true once they match. */
async function indexChunks(tx: DbOrTx, documentId: string, text: string, budget: number): Promise<boolean> {
  const ref = (await tx.select({ rowid: searchRefs.rowid }).from(searchRefs).where(and(eq(searchRefs.kind, 'document'), eq(searchRefs.refId, documentId))))[0]?.rowid;
  if (ref === undefined) {
    lagging.delete(documentId);
    return true;
  }
  const first = ref * CHUNK_ROWS;
  const stored = await tx.select({ rowid: searchIndex.rowid, body: searchIndex.body }).from(searchIndex).where(between(searchIndex.rowid, first + 1, first + CHUNK_ROWS - 1));
  const unmatched = new Map<string, number[]>();
  let next = first + 1;
  for (const row of stored) {
    const same = unmatched.get(row.body);
    if (same) same.push(row.rowid);
    else unmatched.set(row.body, [row.rowid]);
    next = Math.max(next, row.rowid + 1);
  }
  const added: string[] = [];
  for (const chunk of chunksOf(documentId, text)) {
    if (!unmatched.get(chunk)?.pop()) added.push(chunk);
  }
  const free = [...unmatched].flatMap(([body, rowids]) => rowids.map((rowid) => ({ rowid, length: body.length })));
  // What the step does, in this order, as far as the budget goes (one at least): chunks only taken
  // out (text someone deleted leaves the index first), then a chunk taken out and one put in its
  // rowid, then chunks only put in.
  const paired = Math.min(free.length, added.length);
  const work = [
    ...free.slice(paired).map((f) => ({ out: f, body: null })),
    ...added.slice(0, paired).map((body, i) => ({ out: free[i]!, body })),
    ...added.slice(paired).map((body) => ({ out: null, body })),
  ];
  let taken = 0;
  for (let spent = 0; taken < work.length && (taken === 0 || spent < budget); taken++) spent += (work[taken]!.out?.length ?? 0) + (work[taken]!.body?.length ?? 0);
  const step = work.slice(0, taken);
  const out = step.flatMap((w) => (w.out ? [w.out.rowid] : []));
  const rows = step.flatMap((w) => (w.body === null ? [] : [{ rowid: w.out?.rowid ?? next++, title: '', body: w.body, tags: '' }]));
  if (next > first + CHUNK_ROWS) throw new Error(`search text of ${documentId} needs more than ${CHUNK_ROWS - 1} chunks`);
  for (let i = 0; i < out.length; i += BATCH) await tx.delete(searchIndex).where(inArray(searchIndex.rowid, out.slice(i, i + BATCH)));
  for (let i = 0; i < rows.length; i += BATCH) await tx.insert(searchIndex).values(rows.slice(i, i + BATCH));
  const done = taken === work.length;
  if (done) {
    lagging.delete(documentId);
    if (matching.size >= MATCHING_KEPT) matching.delete(matching.values().next().value!);
    matching.add(documentId);
  } else {
    matching.delete(documentId);
  }
  return done;
}

/**
 * Documents whose index this process saw match their stored text: an edit that leaves the text as
 * it is writes nothing for them. Any other document gets a step (one that finds nothing to do after
 * a restart, or brings back in line an index that a crash or a failed step left behind).
 */
const matching = new Set<string>();
const MATCHING_KEPT = 10_000;

/**
 * The chunks of the text of documents whose index still lags, so that each step does not cut the
 * same 100 kB again (a fifth of a step's time). Keyed by the text itself: a step for a text that
 * changed meanwhile cuts anew.
 */
const lagging = new Map<string, { text: string; chunks: string[] }>();
const LAGGING_KEPT = 32;

function chunksOf(documentId: string, text: string): string[] {
  const kept = lagging.get(documentId);
  if (kept?.text === text) return kept.chunks;
  const chunks = textChunks(text);
  lagging.delete(documentId);
  if (lagging.size >= LAGGING_KEPT) lagging.delete(lagging.keys().next().value!);
  lagging.set(documentId, { text, chunks });
  return chunks;
}

/** Rows per delete or insert statement (a few prepared shapes; far below SQLite's variable limit). */
const BATCH = 64;

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
