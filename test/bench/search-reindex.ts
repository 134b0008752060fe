/**
 * What re-indexing a document's search text costs after a one-character edit, before (migration 0011:
 * the whole text in one FTS5 row, rewritten by the documents trigger) and after chunking (migration
 * 0012 + storeSearchText): wall and CPU time of the write on the main thread, median and p95 over
 * EDITS successive edits at random places in the indexed part, for a 100 kB and a 1 MB document. The
 * index holds the first Limits.content.maxSearchChars characters of a document (before: exactly
 * those; after: up to the last block end before the limit, searchTextOf), so the 1 MB document's
 * index text is that long too. BACKGROUND other documents of 10 kB share the index, as a
 * school's would. Printed as ratios; nothing is asserted.
 * Run: npx tsx test/bench/search-reindex.ts [edits] [background documents]   (not part of `npm run bench`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { Limits } from '../../shared/limits';
import { searchTextOf } from '../../server/documents/document-text';
import { migrateSafely, openDatabase } from '../../server/db/open';
import * as schema from '../../server/db/schema';
import { and, eq } from 'drizzle-orm';
import { fullText, matchExpression, searchRefs, snippets, storeSearchText } from '../../server/search/full-text';

const EDITS = Number(process.argv[2] ?? 40);
const BACKGROUND = Number(process.argv[3] ?? 300);
let seed = 11;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
/** A vocabulary of made-up Norwegian-looking words, drawn Zipf-like: a real plan uses thousands of distinct words. */
const syllables = 'ba be bi bo bu bø bå dal de di do e el en er fe fi fo ga ge gi go ha he hi ho i ja je ka ke ki ko la le li lo ma me mi mo na ne ni no o pe pi po ra re ri ro sa se si so ta te ti to u ve vi vo æ ø å'.split(' ');
const vocabulary = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syllables[Math.floor(rand() * syllables.length)]).join(''));
const word = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)]!;
const migrations = path.resolve(import.meta.dirname, '../../server/db/migrations');

/** Blocks on their own lines (as documentPlainText writes them), 40-400 characters each. */
function documentText(chars: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < chars) {
    const words: string[] = [];
    const target = 40 + Math.floor(rand() * 360);
    for (let n = 0; n < target; ) {
      const w = word();
      words.push(w);
      n += w.length + 1;
    }
    lines.push(words.join(' '));
    length += lines.at(-1)!.length + 1;
  }
  return lines.join('\n').slice(0, chars);
}

/** One character typed into `full` (the whole document), and its index text before and after this change. */
function edit(doc: { full: string }): { before: string; after: string } {
  const at = Math.floor(rand() * Math.min(doc.full.length, Limits.content.maxSearchChars));
  doc.full = `${doc.full.slice(0, at)}x${doc.full.slice(at)}`;
  return { before: doc.full.slice(0, Limits.content.maxSearchChars), after: searchTextOf(doc.full) };
}

interface Timing {
  wallMs: number[];
  cpuMs: number[];
}
async function timed(into: Timing, write: () => unknown): Promise<void> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await write();
  into.wallMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  const used = process.cpuUsage(cpu);
  into.cpuMs.push((used.user + used.system) / 1000);
}
const pct = (values: number[], p: number) => values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

function seedRows(sqlite: Database.Database, text: string) {
  const now = Date.now();
  sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('school', 'Nordby skole', now);
  sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('team', 'school', '5. trinn', now);
  const insert = sqlite.prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, search_text) values (?, ?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < BACKGROUND; i++) insert.run(`other${i}`, 'team', 'note', `Plan ${i}`, now, now, background[i]);
  })();
  insert.run('doc', 'team', 'note', 'Plan', now, now, text);
}

/** Migration 0011's scheme: the trigger rewrites the document's one index row. */
/** Searches timed on both schemes (as search.ts asks, snippet included): a common word, a rare one, two words, a prefix. */
const searches = [word(), vocabulary[5000]!, `${vocabulary[3]} ${vocabulary[400]}`, vocabulary[7]!.slice(0, 3)];
const SEARCH_RUNS = 10;
async function searchMs(run: (q: string) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const q of searches) {
    const times: number[] = [];
    for (let i = 0; i < SEARCH_RUNS; i++) {
      const start = process.hrtime.bigint();
      await run(q);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    out.push(pct(times, 0.5));
  }
  return out;
}

const background = Array.from({ length: BACKGROUND }, () => documentText(10_000));

async function before(full: string): Promise<Timing & { searchTimes: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-reindex-'));
  const folder = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === '0011_scale_documents_set_null') + 1);
  fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(migrations, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  const sqlite = new Database(path.join(dir, 'fellesrom.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('synchronous = FULL');
  migrateSafely(sqlite, drizzle(sqlite, { schema }), folder);
  const doc = { full };
  seedRows(sqlite, full.slice(0, Limits.content.maxSearchChars));
  const update = sqlite.prepare('update documents set search_text = ? where id = ?');
  const timing: Timing = { wallMs: [], cpuMs: [] };
  for (let i = 0; i < EDITS; i++) {
    const text = edit(doc).before;
    await timed(timing, () => update.run(text, 'doc'));
  }
  const search = sqlite.prepare(
    "select r.ref_id, snippet(search_index, 1, '[', ']', '…', 16) from search_index join search_refs r on r.rowid = search_index.rowid where search_index match ? and r.kind = 'document' and r.team_id = 'team' order by search_index.rank limit 50",
  );
  const searchTimes = await searchMs((q) => search.all(matchExpression(q)!.map((t) => `"${t}"*`).join(' ')));
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...timing, searchTimes };
}

/** Migration 0012's scheme: storeSearchText rewrites the chunks that changed. */
async function after(full: string): Promise<Timing & { firstMs: number; rows: number; searchTimes: number[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-reindex-'));
  const { db, sqlite } = openDatabase(dir);
  const doc = { full };
  const text = searchTextOf(full);
  seedRows(sqlite, text);
  for (let i = 0; i < BACKGROUND; i++) await storeSearchText(db, `other${i}`, background[i]!);
  // The first write splits the text the document was created with (one chunk) into chunks.
  const first: Timing = { wallMs: [], cpuMs: [] };
  await timed(first, () => storeSearchText(db, 'doc', text));
  const timing: Timing = { wallMs: [], cpuMs: [] };
  for (let i = 0; i < EDITS; i++) {
    const after = edit(doc).after;
    await timed(timing, () => storeSearchText(db, 'doc', after));
  }
  const rows = (sqlite.prepare('select count(*) as n from search_index').get() as { n: number }).n;
  const searchTimes = await searchMs(async (q) => {
    const terms = matchExpression(q)!;
    const search = fullText(db, terms, ['document']);
    const page = await db.select({ ref: searchRefs.rowid, id: searchRefs.refId }).from(searchRefs).innerJoin(search.hits, search.join)
      .where(and(search.where, eq(searchRefs.teamId, 'team'))).orderBy(search.rank).limit(50);
    return await snippets(db, terms, page.map((r) => r.ref));
  });
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...timing, firstMs: first.wallMs[0]!, rows, searchTimes };
}

console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${EDITS} one-character edits each, ${BACKGROUND} other documents, synchronous=FULL`);
console.log('document   index text | before wall p50/p95  cpu p50 | after wall p50/p95  cpu p50 | before/after (wall p50, p95, cpu p50) | rows, first write after creation');
const searchLines: string[] = [];
// 100 kB of UTF-8 (under the index's limit in characters) and 1 MB (past it: only its beginning is indexed).
for (const [label, bytes] of [['100 kB', 100_000], ['1 MB', 1_000_000]] as const) {
  let full = documentText(bytes);
  while (Buffer.byteLength(full) > bytes) full = full.slice(0, full.length - (Buffer.byteLength(full) - bytes));
  const b = await before(full);
  const a = await after(full);
  const f = (n: number) => n.toFixed(2).padStart(6);
  console.log(
    `${label.padEnd(10)} ${String(searchTextOf(full).length).padStart(10)} |`
      + ` ${f(pct(b.wallMs, 0.5))} / ${f(pct(b.wallMs, 0.95))}  ${f(pct(b.cpuMs, 0.5))} |`
      + ` ${f(pct(a.wallMs, 0.5))} / ${f(pct(a.wallMs, 0.95))}  ${f(pct(a.cpuMs, 0.5))} |`
      + ` ${(pct(b.wallMs, 0.5) / pct(a.wallMs, 0.5)).toFixed(1)}×  ${(pct(b.wallMs, 0.95) / pct(a.wallMs, 0.95)).toFixed(1)}×  ${(pct(b.cpuMs, 0.5) / pct(a.cpuMs, 0.5)).toFixed(1)}× |`
      + ` ${a.rows} rows, ${a.firstMs.toFixed(1)} ms`,
  );
  searchLines.push(`${label}: ` + searches.map((q, i) => `"${q}" ${b.searchTimes[i]!.toFixed(2)} → ${a.searchTimes[i]!.toFixed(2)} ms`).join(', '));
}
console.log('search p50, before → after (50 hits at most, with snippets):');
for (const line of searchLines) console.log(`  ${line}`);
