import { afterEach, describe, expect, it } from 'vitest';
import { catchUpSearchIndex, fullText, INDEX_STEP_CHARS, matchExpression, searchRefs, storeSearchText } from '../../server/search/full-text';
import { textChunks } from '../../server/search/text-chunks';
import { testStore } from '../helpers/sync-units';

let t: ReturnType<typeof testStore> | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A database with one team and one document 'doc' (indexed by its insert trigger, with no text yet). */
function setUp() {
  t = testStore(['doc']);
  const { db, sqlite } = t;
  const chunks = () =>
    (sqlite.prepare("select body from search_index where rowid / 1048576 = (select rowid from search_refs where ref_id = 'doc') and rowid % 1048576 > 0").pluck().all() as string[]).toSorted();
  const found = async (q: string) => {
    const terms = matchExpression(q)!;
    const search = fullText(db, terms, ['document']);
    return (await db.select({ id: searchRefs.refId }).from(searchRefs).innerJoin(search.hits, search.join).where(search.where)).map((r) => r.id);
  };
  return { db, sqlite, chunks, found };
}

const paragraphs = (count: number, word: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => `Avsnitt ${i}: ${Array.from({ length: 60 }, (_, k) => `${word(i)}${k % 7}`).join(' ')}.\n`).join('');

describe('the search index in steps', () => {
  it('bounds each step, reaches the whole text step by step, and a step never puts back what a redaction took out', async () => {
    const { db, sqlite, chunks, found } = setUp();
    const text = paragraphs(240, (i) => (i === 50 ? 'nordlys' : 'elev'));
    expect(text.length).toBeGreaterThan(10 * INDEX_STEP_CHARS);

    // The first step stores the whole text in the row, and only part of it in the index.
    expect(await storeSearchText(db, 'doc', text, INDEX_STEP_CHARS)).toBe(false);
    expect(sqlite.prepare("select search_text from documents where id = 'doc'").pluck().get()).toBe(text);
    const firstStep = chunks();
    expect(firstStep.length).toBeGreaterThan(0);
    // At most one chunk past the budget.
    expect(firstStep.join('').length).toBeLessThan(INDEX_STEP_CHARS + 1024);

    let steps = 1;
    let sizes = firstStep.join('').length;
    for (let done = false; !done; steps++) {
      const before = chunks().join('').length;
      done = await catchUpSearchIndex(db, 'doc', INDEX_STEP_CHARS);
      sizes = Math.max(sizes, chunks().join('').length - before);
      expect(steps).toBeLessThan(100);
    }
    expect(sizes).toBeLessThan(INDEX_STEP_CHARS + 1024);
    expect(steps).toBeGreaterThanOrEqual(Math.ceil(text.length / (INDEX_STEP_CHARS + 1024)));
    expect(chunks()).toEqual(textChunks(text).toSorted());
    expect(await found('nordlys3')).toEqual(['doc']);

    // An edit in many places, stepped once; then a redaction (unbounded, as redact-evidence stores
    // it) takes a word out everywhere while the edit's steps are still due.
    const edited = paragraphs(240, (i) => (i === 50 ? 'nordlys' : i % 3 === 0 ? 'Sindre' : 'elev'));
    expect(await storeSearchText(db, 'doc', edited, INDEX_STEP_CHARS)).toBe(false);
    expect(await found('sindre')).toEqual(['doc']);
    const redacted = edited.replaceAll('Sindre', '[elev]');
    expect(await storeSearchText(db, 'doc', redacted)).toBe(true);
    expect(await found('sindre')).toEqual([]);
    expect(chunks()).toEqual(textChunks(redacted).toSorted());
    // The edit's due step finds nothing left to do and writes nothing back.
    expect(await catchUpSearchIndex(db, 'doc', INDEX_STEP_CHARS)).toBe(true);
    expect(await found('sindre')).toEqual([]);
    expect(chunks()).toEqual(textChunks(redacted).toSorted());

    // An edit that leaves the text as it is, while its index lags (a step failed, or the process
    // restarted between steps): it takes a step instead of trusting the row's text.
    const again = paragraphs(60, (i) => (i % 2 === 0 ? 'hav' : 'elev'));
    expect(await storeSearchText(db, 'doc', again, INDEX_STEP_CHARS)).toBe(false);
    const lagging = chunks();
    expect(await storeSearchText(db, 'doc', () => again, INDEX_STEP_CHARS)).toBe(false);
    expect(chunks()).not.toEqual(lagging);
    while (!(await storeSearchText(db, 'doc', () => again, INDEX_STEP_CHARS))) expect(chunks().length).toBeGreaterThan(0);
    expect(chunks()).toEqual(textChunks(again).toSorted());
    // Once it matches, the same text again writes nothing.
    const writes = sqlite.prepare('select total_changes()').pluck();
    const before = writes.get() as number;
    expect(await storeSearchText(db, 'doc', () => again, INDEX_STEP_CHARS)).toBe(true);
    expect(writes.get()).toBe(before);

    // A deleted document: nothing to do.
    sqlite.prepare("delete from documents where id = 'doc'").run();
    expect(await catchUpSearchIndex(db, 'doc', INDEX_STEP_CHARS)).toBe(true);
  });
});
