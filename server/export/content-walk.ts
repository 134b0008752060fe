/**
 * Walks over document content for the export. A document is input from whoever edited it, so
 * every walk here is iterative or depth-bounded and clamps attribute values before using them.
 */
import * as Y from 'yjs';

/** Deeper than this, content is still exported, as plain text. Real documents nest a few levels. */
export const MAX_RENDER_DEPTH = 32;
/** Attribute strings are cut to this length; an attribute is metadata, not content. */
export const MAX_ATTRIBUTE_CHARS = 2000;

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

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

const deltaText = (t: Y.XmlText): string =>
  (t.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');

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
export function plainText(root: Y.XmlFragment | Y.XmlElement | Y.XmlText): string {
  if (root instanceof Y.XmlText) return deltaText(root);
  const out: string[] = [];
  const stack: YNode[] = root.toArray().toReversed();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof Y.XmlText) out.push(deltaText(node));
    else if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'evidenceCard') out.push(attrString(node, 'text') ?? '');
      const children = node.toArray();
      out.push(' ');
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

export interface ActionItemFact {
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
}

/** Action items: every task item in the document, with its owner, due date and state. */
export function actionItemsIn(fragment: Y.XmlFragment): ActionItemFact[] {
  const items: ActionItemFact[] = [];
  for (const el of elements(fragment)) {
    if (el.nodeName !== 'taskItem') continue;
    const checked = el.getAttribute('checked') as unknown;
    items.push({
      text: plainText(el).slice(0, MAX_ATTRIBUTE_CHARS),
      owner: attrString(el, 'owner'),
      due: attrString(el, 'due'),
      done: checked === true || checked === 'true',
    });
  }
  return items;
}
