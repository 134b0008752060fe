/**
 * Walks over document content. A document is input from whoever edited it, so every walk here is
 * iterative or depth-bounded and clamps attribute values before using them.
 */
import * as Y from 'yjs';

/** Deeper than this, content is still exported, as plain text. Real documents nest a few levels. */
export const MAX_RENDER_DEPTH = 32;
/** Attribute strings are cut to this length; an attribute is metadata, not content. */
export const MAX_ATTRIBUTE_CHARS = 2000;

export type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** A node of content; a hand-made client can put raw strings, numbers, objects or null where nodes belong. */
export const isYNode = (value: unknown): value is YNode => value instanceof Y.XmlElement || value instanceof Y.XmlText || value instanceof Y.XmlHook;

/** A string attribute, clamped; anything else (objects, huge numbers) is dropped. */
export function attrString(el: Y.XmlElement, name: string): string | null {
  const value = el.getAttribute(name) as unknown;
  if (typeof value === 'string') return value.slice(0, MAX_ATTRIBUTE_CHARS);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function attrNumber(el: Y.XmlElement, name: string, min: number, max: number, fallback: number): number {
  const n = Number(el.getAttribute(name) as unknown);
  return Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), min), max) : fallback;
}

/**
 * Which text a reader sees: `accepted` leaves out suggested insertions (not yet part of the
 * document) and keeps text suggested for deletion (still part of it); `suggested` shows the
 * document as it would be if every suggestion were accepted.
 */
export type TextView = 'accepted' | 'suggested';

export const SuggestionMark = { insert: 'suggestInsert', delete: 'suggestDelete' } as const;

export function deltaText(t: Y.XmlText, view: TextView = 'accepted'): string {
  const skip = view === 'accepted' ? SuggestionMark.insert : SuggestionMark.delete;
  return (t.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>)
    .map((d) => (typeof d.insert === 'string' && !(d.attributes && skip in d.attributes) ? d.insert : ''))
    .join('');
}

/** Every element under `root`, depth first, without recursion. */
export function* elements(root: Y.XmlFragment | Y.XmlElement): Generator<Y.XmlElement> {
  const stack: YNode[] = root.toArray().toReversed();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!(node instanceof Y.XmlElement)) continue;
    yield node;
    const children = node.toArray();
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The text under a node, blocks separated by spaces, without recursion. */
export function plainText(root: Y.XmlFragment | Y.XmlElement | Y.XmlText, view: TextView = 'accepted'): string {
  if (root instanceof Y.XmlText) return deltaText(root, view);
  const out: string[] = [];
  const stack: YNode[] = root.toArray().toReversed();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof Y.XmlText) out.push(deltaText(node, view));
    else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'evidenceCard') out.push(attrString(node, 'text') ?? '');
      const children = node.toArray();
      out.push(' ');
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** Elements whose text ends with a tab rather than a new line: cells of a table or a row block. */
const CELLS = new Set(['tableCell', 'tableHeader', 'blockField']);

/**
 * The plain text of content, blocks on their own lines, cells tab-separated (what search indexes),
 * without recursion. Suggested insertions are not part of it until accepted. At most `maxChars`
 * characters, the beginning: the walk stops once it has them.
 */
export function documentPlainText(root: Y.XmlFragment | Y.XmlElement, view: TextView = 'accepted', maxChars = Number.POSITIVE_INFINITY): string {
  const out: string[] = [];
  let length = 0;
  const push = (...parts: string[]) => {
    for (const part of parts) {
      out.push(part);
      length += part.length;
    }
  };
  // A block's end is a string on the stack; the document's own values are taken only when they are
  // Yjs nodes (isYNode).
  const stack: Array<string | YNode> = root.toArray().filter(isYNode).toReversed();
  // Stops walking once it has `maxChars` (with room for the whitespace the clean-up below removes).
  while (stack.length > 0 && length < maxChars * 1.25 + 1000) {
    const step = stack.pop()!;
    if (typeof step === 'string') {
      push(step);
      continue;
    }
    if (step instanceof Y.XmlText) push(deltaText(step, view));
    else if (step instanceof Y.XmlElement) {
      if (step.nodeName === 'evidenceCard') {
        push(attrString(step, 'text') ?? '', '\n');
        continue;
      }
      stack.push(CELLS.has(step.nodeName) ? '\t' : '\n');
      const children = step.toArray();
      for (let i = children.length - 1; i >= 0; i--) {
        const child: unknown = children[i];
        if (isYNode(child)) stack.push(child);
      }
    }
  }
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, maxChars);
}
