import { describe, expect, it } from 'vitest';
import { MAX_CHARS, MIN_CHARS, textChunks } from '../../server/search/text-chunks';

let seed = 3;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const words = 'elevene forklarer brøk med tegning hvorfor lærer spør observerer prediksjon mestring samtale gruppe oppgave tenker tallinja Øving ærlig på'.split(' ');
const line = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
/** Blocks on their own lines, as documentPlainText writes a document. */
const text = (lines: number) => Array.from({ length: lines }, () => line(3 + Math.floor(rand() * 40))).join('\n');

/** How many chunks of `after` are not among those of `before` (as a multiset). */
function changed(before: string[], after: string[]): number {
  const left = new Map<string, number>();
  for (const c of before) left.set(c, (left.get(c) ?? 0) + 1);
  let n = 0;
  for (const c of after) {
    const k = left.get(c) ?? 0;
    if (k > 0) left.set(c, k - 1);
    else n++;
  }
  return n;
}

describe('textChunks', () => {
  it('covers the text exactly, in order, with chunks of MIN_CHARS to MAX_CHARS cut after a line', () => {
    const t = text(400);
    const chunks = textChunks(t);
    expect(chunks.join('')).toBe(t);
    expect(chunks.length).toBeGreaterThan(t.length / MAX_CHARS);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeLessThanOrEqual(MAX_CHARS);
      expect(c.length).toBeGreaterThanOrEqual(Math.min(MIN_CHARS, c.length));
      expect(c.endsWith('\n')).toBe(true);
    }
    expect(textChunks('')).toEqual([]);
    expect(textChunks('kort')).toEqual(['kort']);
  });

  it('a character typed anywhere changes one or two chunks, not the ones after it', () => {
    let t = text(600);
    let before = textChunks(t);
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(rand() * t.length);
      t = `${t.slice(0, at)}x${t.slice(at)}`;
      const after = textChunks(t);
      expect(changed(before, after)).toBeGreaterThanOrEqual(1);
      expect(changed(before, after)).toBeLessThanOrEqual(2);
      before = after;
    }
  });

  it('cuts a line longer than MAX_CHARS after a whitespace, and one without any at MAX_CHARS, never inside a surrogate pair', () => {
    const long = line(2000);
    const chunks = textChunks(long);
    expect(chunks.join('')).toBe(long);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeLessThanOrEqual(MAX_CHARS);
      expect(c).toMatch(/\s$/);
    }
    // One letter first, so that MAX_CHARS falls between the halves of a pair.
    const solid = `a${'😀'.repeat(MAX_CHARS)}`;
    const pieces = textChunks(solid);
    expect(pieces.join('')).toBe(solid);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.isWellFormed(), 'whole pairs').toBe(true);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(MAX_CHARS);
  });
});
