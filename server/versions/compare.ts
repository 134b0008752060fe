/**
 * A readable comparison of two versions of a document: the newer content, with removed text put
 * back in place and marked `diffDelete`, and added text marked `diffInsert`. Blocks are matched
 * by their text (longest common subsequence); changed blocks are compared word by word inside.
 */
import type { ContentNode as PMNode } from '../documents/content-tree';

export type { PMNode };

type Mark = 'diffInsert' | 'diffDelete';
interface Counts {
  added: number;
  removed: number;
}

const MAX_LCS_CELLS = 4_000_000;

const plainText = (node: PMNode): string => node.text ?? (node.content ?? []).map(plainText).join('\u2029');
const signature = (node: PMNode) => `${node.type}\u0000${plainText(node)}`;
const isInline = (nodes: PMNode[]) => nodes.length > 0 && nodes.every((n) => n.type === 'text' || n.type === 'hardBreak');
const words = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];

/** Index pairs of a longest common subsequence of `a` and `b` under `same`. */
function lcs<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): Array<[number, number]> {
  if (a.length * b.length > MAX_LCS_CELLS) return [];
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = same(a[i]!, b[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (same(a[i]!, b[j]!)) {
      pairs.push([i++, j++]);
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function markAll(node: PMNode, mark: Mark, counts: Counts): PMNode {
  if (node.type === 'text') {
    const n = words(node.text ?? '').filter((w) => w.trim()).length;
    if (mark === 'diffInsert') counts.added += n;
    else counts.removed += n;
    return { ...node, marks: [...(node.marks ?? []), { type: mark }] };
  }
  return node.content ? { ...node, content: node.content.map((c) => markAll(c, mark, counts)) } : node;
}

interface Token {
  text: string;
  marks: PMNode['marks'];
}

function tokens(nodes: PMNode[]): Token[] {
  return nodes.flatMap((n) => (n.type === 'text' ? words(n.text ?? '').map((text) => ({ text, marks: n.marks })) : [{ text: '\n', marks: undefined }]));
}

function diffInline(a: PMNode[], b: PMNode[], counts: Counts): PMNode[] {
  const ta = tokens(a);
  const tb = tokens(b);
  const pairs = lcs(ta, tb, (x, y) => x.text === y.text);
  const out: PMNode[] = [];
  const push = (token: Token, mark?: Mark) => {
    if (token.text === '\n') {
      out.push({ type: 'hardBreak' });
      return;
    }
    if (mark && token.text.trim()) {
      if (mark === 'diffInsert') counts.added++;
      else counts.removed++;
    }
    const marks = [...(token.marks ?? []), ...(mark ? [{ type: mark }] : [])];
    const last = out[out.length - 1];
    if (last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks)) last.text += token.text;
    else out.push(marks.length ? { type: 'text', text: token.text, marks } : { type: 'text', text: token.text });
  };
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [ta.length, tb.length] as [number, number]]) {
    while (i < pi) push(ta[i++]!, 'diffDelete');
    while (j < pj) push(tb[j++]!, 'diffInsert');
    if (pi < ta.length) push(tb[pj]!);
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}

/** Nodes whose children are columns: compared position by position, so cells keep their column. */
const POSITIONAL = new Set(['tableRow']);

function diffNode(a: PMNode, b: PMNode, counts: Counts): PMNode[] {
  if (a.type !== b.type) return [markAll(a, 'diffDelete', counts), markAll(b, 'diffInsert', counts)];
  const diff = POSITIONAL.has(b.type) ? diffPositions : diffChildren;
  return [{ ...b, content: diff(a.content ?? [], b.content ?? [], counts) }];
}

function diffPositions(a: PMNode[], b: PMNode[], counts: Counts): PMNode[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => {
    const [older, newer] = [a[i], b[i]];
    if (!older) return [markAll(newer!, 'diffInsert', counts)];
    if (!newer) return [markAll(older, 'diffDelete', counts)];
    return signature(older) === signature(newer) ? [newer] : diffNode(older, newer, counts);
  }).flat();
}

function diffChildren(a: PMNode[], b: PMNode[], counts: Counts): PMNode[] {
  if (isInline(a) || isInline(b)) return diffInline(a, b, counts);
  const sa = a.map(signature);
  const sb = b.map(signature);
  const pairs = lcs(
    sa.map((_, i) => i),
    sb.map((_, j) => j),
    (i, j) => sa[i] === sb[j],
  );
  const out: PMNode[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    // Between matches: blocks of the same kind were edited; the rest were removed or added.
    const removed = a.slice(i, pi);
    const added = b.slice(j, pj);
    while (removed.length && added.length) {
      const r = removed[0]!;
      const k = added.findIndex((n) => n.type === r.type);
      if (k < 0) {
        out.push(markAll(removed.shift()!, 'diffDelete', counts));
        continue;
      }
      for (const n of added.splice(0, k)) out.push(markAll(n, 'diffInsert', counts));
      out.push(...diffNode(removed.shift()!, added.shift()!, counts));
    }
    for (const n of removed) out.push(markAll(n, 'diffDelete', counts));
    for (const n of added) out.push(markAll(n, 'diffInsert', counts));
    if (pi < a.length) out.push(b[pj]!);
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}

export function compareDocuments(older: PMNode, newer: PMNode): { doc: PMNode; added: number; removed: number } {
  const counts: Counts = { added: 0, removed: 0 };
  const doc = { ...newer, content: diffChildren(older.content ?? [], newer.content ?? [], counts) };
  return { doc, ...counts };
}
