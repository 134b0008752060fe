import * as Y from 'yjs';
import { contentOf } from '../../shared/blocks/read';

/** Comment anchors travel as base64 of Y.encodeRelativePosition. */
export function encodeAnchor(position: Y.RelativePosition): string {
  let binary = '';
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeAnchor(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export interface Anchored {
  /** The text the range holds now (blocks separated by line breaks). */
  quote: string;
  /** Its text is gone: nothing but white space is left between the two ends. */
  orphaned: boolean;
}

type Container = Y.XmlFragment | Y.XmlElement;

/**
 * Where each anchored range is now and what it holds, for ranges inside one paragraph, across
 * paragraphs, or over whole blocks and table cells (whose ends sit between blocks, not inside a
 * text). One walk over the document, in order, with an explicit stack (a document is input from
 * whoever edited it: no recursion to run out of).
 */
export function anchoredRanges(doc: Y.Doc, ranges: Array<{ id: string; anchorStart: string; anchorEnd: string }>): Map<string, Anchored | null> {
  const ends = ranges.map((r) => {
    const a = decodeAnchor(r.anchorStart);
    const b = decodeAnchor(r.anchorEnd);
    return {
      id: r.id,
      from: a && Y.createAbsolutePositionFromRelativePosition(a, doc),
      to: b && Y.createAbsolutePositionFromRelativePosition(b, doc),
      fromAt: -1,
      toAt: -1,
    };
  });
  // Positions by the type they are in, so the walk finds them without scanning every range.
  const byType = new Map<unknown, typeof ends>();
  for (const e of ends) {
    for (const p of [e.from, e.to]) if (p) byType.set(p.type, [...(byType.get(p.type) ?? []), e]);
  }
  let flat = '';
  const mark = (type: Container, index: number, at: number) => {
    for (const e of byType.get(type) ?? []) {
      if (e.from?.type === type && e.from.index === index) e.fromAt = at;
      if (e.to?.type === type && e.to.index === index) e.toAt = at;
    }
  };
  const stack: Array<{ node: Container; next: number }> = [{ node: contentOf(doc), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    mark(top.node, top.next, flat.length);
    if (top.next >= top.node.length) {
      stack.pop();
      continue;
    }
    const child = top.node.get(top.next++);
    if (child instanceof Y.XmlText) {
      const start = flat.length;
      for (const part of child.toDelta() as Array<{ insert: unknown }>) flat += typeof part.insert === 'string' ? part.insert : '\ufffc';
      for (const e of byType.get(child) ?? []) {
        if (e.from?.type === child) e.fromAt = start + e.from.index;
        if (e.to?.type === child) e.toAt = start + e.to.index;
      }
    } else if (child instanceof Y.XmlElement) {
      flat += '\n';
      stack.push({ node: child, next: 0 });
    }
  }
  return new Map(
    ends.map((e) => {
      if (e.fromAt < 0 || e.toAt < 0) return [e.id, null];
      const quote = e.toAt > e.fromAt ? flat.slice(e.fromAt, e.toAt).replace(/^\n+|\n+$/g, '') : '';
      return [e.id, { quote, orphaned: quote.trim() === '' }];
    }),
  );
}
