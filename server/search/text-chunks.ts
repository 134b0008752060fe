/**
 * A document's search text cut into chunks of a few hundred characters, so that after an edit only the chunks
 * whose text changed are written to the full-text index again (issue 18).
 *
 * Cuts are chosen by content, not by position: a chunk ends after a line once it holds at least
 * MIN_CHARS and that line's ending hashes to a cut (one line in two), so text typed into one chunk
 * moves no other chunk's boundaries — at most its neighbour's, until the next line that cuts. A chunk
 * never grows past MAX_CHARS: a longer line is cut at a whitespace chosen the same way, so words stay
 * whole (a run of MAX_CHARS without whitespace is cut where it reaches the limit).
 */
export const MIN_CHARS = 128;
export const MAX_CHARS = 1024;
/** How many characters before a cut decide it (enough to tell lines apart, cheap on a 100 kB text). */
const TAIL = 16;

export function textChunks(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  let pos = 0;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    if (lineEnd - start > MAX_CHARS) {
      // Cut before this line, or inside it when it alone is too long.
      const cut = pos > start ? pos : cutInLine(text, start);
      chunks.push(text.slice(start, cut));
      start = pos = cut;
      continue;
    }
    pos = lineEnd;
    if (pos - start >= MIN_CHARS && cutsAfter(text, pos, 1)) {
      chunks.push(text.slice(start, pos));
      start = pos;
    }
  }
  if (start < text.length) chunks.push(text.slice(start));
  return chunks;
}

/** Where to cut a line longer than MAX_CHARS that starts a chunk at `start`: after a whitespace. */
function cutInLine(text: string, start: number): number {
  const limit = start + MAX_CHARS;
  const space = /\s/g;
  space.lastIndex = start + MIN_CHARS;
  let last = -1;
  for (let match = space.exec(text); match && match.index < limit; match = space.exec(text)) {
    const after = match.index + 1;
    if (cutsAfter(text, after, 63)) return after;
    last = after;
  }
  if (last !== -1) return last;
  // No whitespace at all: cut at the limit, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/** Whether the characters before `end` hash to a cut (FNV-1a; `mask` + 1 is one in how many). */
function cutsAfter(text: string, end: number, mask: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, end - TAIL); i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return ((hash >>> 7) & mask) === 0;
}

// Why this small: with FTS5's secure-delete, taking a chunk out costs about a page rewrite per
// distinct word in it, and the common words are in every chunk. On 3 MB of indexed text (bench
// search-reindex), 1-2 kB chunks cost 4 ms per edit, these about 1.5 ms; searches stay within a
// few milliseconds.
