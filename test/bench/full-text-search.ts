/**
 * Full-text search (SQLite FTS5, migrations 0010 and 0012, as search.ts asks it) against a scan with LIKE, over a school's worth
 * of documents: time per search and what each finds ("øving" must find "Øving"; SQLite's lower()
 * folds only ASCII, so a LIKE scan misses it). Printed as ratios; nothing is asserted.
 * Run: npx tsx test/bench/full-text-search.ts [documents]   (not part of `npm run bench`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../../server/db/open';
import { fullText, searchRefs, storeSearchText } from '../../server/search/full-text';

const DOCUMENTS = Number(process.argv[2] ?? 20_000);
const WORDS = 400;
const SEARCHES = 50;
const vocabulary = 'elevene forklarer brøk tegning hvorfor lærer spør observerer case prediksjon mestring samtale gruppe oppgave tenker tallinja konkreter medvirkning'.split(' ');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-fts-'));
const { db, sqlite } = openDatabase(dir);
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const text = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ');

const now = Date.now();
sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('school', 'Nordby skole', now);
sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('team', 'school', '5. trinn', now);
const insert = sqlite.prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, search_text) values (?, ?, ?, ?, ?, ?, ?)');
const filled = Date.now();
sqlite.transaction(() => {
  for (let i = 0; i < DOCUMENTS; i++) {
    // One in a hundred is about practice ("Øving"), capitalised as a title would be.
    const title = i % 100 === 0 ? `Øving i brøk ${i}` : `Plan ${i}`;
    insert.run(`doc${i}`, 'team', 'note', title, now, now, text(WORDS));
  }
})();
// Each document's text in chunks, as after its first edit (a new document's text is one chunk).
for (let i = 0; i < DOCUMENTS; i++) await storeSearchText(db, `doc${i}`, (sqlite.prepare('select search_text from documents where id = ?').pluck().get(`doc${i}`) as string));
const fillMs = Date.now() - filled;

const fts = async (terms: string[]) => {
  const search = fullText(db, terms, ['document']);
  return await db.select({ id: searchRefs.refId }).from(searchRefs).innerJoin(search.hits, search.join)
    .where(and(search.where, eq(searchRefs.teamId, 'team'))).orderBy(search.rank).limit(50);
};
const like = sqlite.prepare("select id from documents where team_id = 'team' and (lower(title) like ? or lower(search_text) like ?) limit 50");

async function median(run: () => unknown): Promise<{ ms: number; hits: number }> {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < SEARCHES; i++) {
    const start = process.hrtime.bigint();
    hits = ((await run()) as unknown[]).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: times.toSorted((a, b) => a - b)[Math.floor(times.length / 2)]!, hits };
}

const results = {
  'øving (a word in 1 % of titles)': { fts: await median(() => fts(['øving'])), like: await median(() => like.all('%øving%', '%øving%')) },
  'tallinja konkreter (two common words)': {
    fts: await median(() => fts(['tallinja', 'konkreter'])),
    like: await median(() => like.all('%tallinja%konkreter%', '%tallinja%konkreter%')),
  },
  'fotosyntese (no document)': { fts: await median(() => fts(['fotosyntese'])), like: await median(() => like.all('%fotosyntese%', '%fotosyntese%')) },
};
const size = (table: string) => (sqlite.prepare(`select sum(pgsize) as bytes from dbstat where name like ?`).get(`${table}%`) as { bytes: number | null }).bytes ?? 0;

console.log(`${DOCUMENTS} documents of ${WORDS} words, inserted and indexed in chunks in ${fillMs} ms`);
console.log('search                                  FTS5 ms  hits | LIKE ms  hits | LIKE/FTS5');
for (const [label, r] of Object.entries(results)) {
  console.log(
    `${label.padEnd(40)}${r.fts.ms.toFixed(2).padStart(7)}${String(r.fts.hits).padStart(6)} |${r.like.ms.toFixed(2).padStart(8)}${String(r.like.hits).padStart(6)} | ${(r.like.ms / r.fts.ms).toFixed(1)}×`,
  );
}
try {
  console.log(`index size: ${(size('search_index') / 1e6).toFixed(1)} MB (documents table: ${(size('documents') / 1e6).toFixed(1)} MB)`);
} catch {
  // dbstat is not compiled in everywhere.
}
sqlite.close();
fs.rmSync(dir, { recursive: true, force: true });
