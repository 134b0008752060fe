/**
 * Reading document content safely. A document is input from whoever edited it, by hand-made
 * clients too: it may nest ten thousand levels deep or ask a table cell to span a billion columns.
 * Every reader of content (export, compare, versions, search text, lesson outline, findings) goes
 * through this module: it walks iteratively, never holds more than `Limits.document.maxDepth`
 * levels (deeper content is kept as its text), and clamps attributes to sane ranges.
 */
import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { isYNode, type YNode } from '../../shared/blocks/walk';

/** Content as plain data, in ProseMirror's JSON shape (what the client's schema renders). */
export interface ContentNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ContentNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

const { maxTableSpan, maxColumnWidth, maxHeadingLevel, maxListStart, maxAttributeChars } = Limits.content;

const clampInt = (value: unknown, min: number, max: number, fallback: number): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? Math.min(Math.max(Math.trunc(n), min), max) : fallback;
};

/** A value fit to keep: short strings, finite numbers, booleans, null. Anything else is dropped. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, maxAttributeChars);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean' || value === null) return value;
  return undefined;
}

/** Attributes with their values clamped to what the editor's schema allows. */
export function clampAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    switch (key) {
      case 'colspan':
      case 'rowspan':
        out[key] = clampInt(value, 1, maxTableSpan, 1);
        break;
      case 'colwidth':
        out[key] = Array.isArray(value) ? value.slice(0, maxTableSpan).map((w) => clampInt(w, 0, maxColumnWidth, 0)) : null;
        break;
      case 'level':
        out[key] = clampInt(value, 1, maxHeadingLevel, 1);
        break;
      case 'start':
        out[key] = clampInt(value, 0, maxListStart, 1);
        break;
      default: {
        const plain = plainValue(value);
        if (plain !== undefined) out[key] = plain;
      }
    }
  }
  return out;
}

/** y-prosemirror keys overlapping marks as `name--hash`. */
const markName = (key: string) => key.replace(/--[a-zA-Z0-9+/=]{8}$/, '');

function textNodes(text: Y.XmlText): ContentNode[] {
  const out: ContentNode[] = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string' || op.insert === '') continue;
    const node: ContentNode = { type: 'text', text: op.insert };
    if (op.attributes) {
      node.marks = Object.entries(op.attributes).map(([key, attrs]) =>
        attrs !== null && typeof attrs === 'object' && !Array.isArray(attrs) && Object.keys(attrs).length > 0
          ? { type: markName(key), attrs: clampAttributes(attrs as Record<string, unknown>) }
          : { type: markName(key) },
      );
    }
    out.push(node);
  }
  return out;
}

/**
 * Visits `root` and everything below it in document order, without recursion. `enter` may return
 * false to skip a node's children; `leave` runs after them.
 */
export function walk(
  root: Y.XmlFragment | YNode,
  enter: (node: YNode, depth: number) => boolean | void,
  leave?: (node: YNode, depth: number) => void,
): void {
  type Frame = { node: YNode; depth: number; leaving: boolean };
  const stack: Frame[] = [];
  const pushChildren = (parent: Y.XmlFragment | Y.XmlElement, depth: number) => {
    const children: unknown[] = parent.toArray();
    for (let i = children.length - 1; i >= 0; i--) {
      const node = children[i];
      if (isYNode(node)) stack.push({ node, depth, leaving: false });
    }
  };
  if (root instanceof Y.XmlFragment && !(root instanceof Y.XmlElement)) pushChildren(root, 1);
  else stack.push({ node: root as YNode, depth: 1, leaving: false });
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.leaving) {
      leave?.(frame.node, frame.depth);
      continue;
    }
    const descend = enter(frame.node, frame.depth) !== false;
    if (leave) stack.push({ ...frame, leaving: true });
    if (descend && frame.node instanceof Y.XmlElement) pushChildren(frame.node, frame.depth + 1);
  }
}

/** The text under a node, in order, iteratively: its text nodes joined by `separator`. Elements for which `skip` is true are left out. */
export function plainText(node: Y.XmlFragment | YNode, skip?: (element: Y.XmlElement) => boolean, separator = ''): string {
  const parts: string[] = [];
  walk(node, (n) => {
    if (n instanceof Y.XmlText) {
      parts.push((n.toDelta() as Array<{ insert: unknown }>).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join(''));
      return false;
    }
    if (n instanceof Y.XmlElement && skip?.(n)) return false;
    return true;
  });
  return parts.join(separator);
}

/**
 * The fragment as a tree of plain nodes, at most `maxDepth` levels of elements deep (the most the
 * sync server lets a document hold): an element below that stands for its whole subtree, as a
 * paragraph of its text.
 */
export function readContentTree(fragment: Y.XmlFragment, maxDepth: number = Limits.document.maxDepth): ContentNode {
  const root: ContentNode = { type: 'doc', content: [] };
  const targets = new Map<Y.XmlElement | Y.XmlFragment, ContentNode[]>([[fragment, root.content!]]);
  walk(fragment, (node, depth) => {
    const into = targets.get(node.parent as Y.XmlElement | Y.XmlFragment);
    if (!into) return false;
    if (node instanceof Y.XmlText) {
      into.push(...textNodes(node));
      return false;
    }
    if (!(node instanceof Y.XmlElement)) return false;
    if (depth > maxDepth) {
      const text = plainText(node, undefined, ' ').trim();
      into.push({ type: 'paragraph', ...(text ? { content: [{ type: 'text', text }] } : {}) });
      return false;
    }
    const attrs = clampAttributes(node.getAttributes() as Record<string, unknown>);
    const out: ContentNode = { type: node.nodeName, ...(Object.keys(attrs).length > 0 ? { attrs } : {}), content: [] };
    into.push(out);
    targets.set(node, out.content!);
    return true;
  });
  // Empty content arrays are left out, as ProseMirror's JSON does.
  const prune = (n: ContentNode) => {
    if (n.content && n.content.length === 0) delete n.content;
  };
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    prune(n);
    if (n.content) stack.push(...n.content);
  }
  return root;
}

/** Reads a stored update into a fresh document, hands it to `read`, and frees it. */
export function withDocument<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Builds Yjs content from a tree, shaped exactly as y-prosemirror (Tiptap's Collaboration) stores
 * ProseMirror content: an element per node with its non-null attrs, and runs of text in one
 * XmlText whose formatting attributes are the marks. Used for templates, versions and restores;
 * the trees it gets are bounded (templates are ours, the rest comes from readContentTree).
 */
export function toYjs(nodes: ContentNode[]): Array<Y.XmlElement | Y.XmlText> {
  const children: Array<Y.XmlElement | Y.XmlText> = [];
  let textRun: ContentNode[] = [];
  const endTextRun = () => {
    if (textRun.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(
      textRun.map((n) => ({
        insert: n.text ?? '',
        attributes: Object.fromEntries((n.marks ?? []).map((m) => [m.type, m.attrs ?? {}])),
      })),
    );
    children.push(text);
    textRun = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      textRun.push(node);
      continue;
    }
    endTextRun();
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      if (value !== null) element.setAttribute(key, value as string);
    }
    element.insert(0, toYjs(node.content ?? []));
    children.push(element);
  }
  endTextRun();
  return children;
}
