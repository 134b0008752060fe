import * as Y from 'yjs';
import { decodeAnchor } from '../../client/comments/anchors';

/** Where an anchored range is inside one Y.XmlText (both ends in the same text), for tests that edit around it. */
export function resolveTextRange(doc: Y.Doc, start: string, end: string): { text: Y.XmlText; from: number; to: number } | null {
  const a = decodeAnchor(start);
  const b = decodeAnchor(end);
  const from = a && Y.createAbsolutePositionFromRelativePosition(a, doc);
  const to = b && Y.createAbsolutePositionFromRelativePosition(b, doc);
  if (!from || !to || !(from.type instanceof Y.XmlText) || from.type !== to.type) return null;
  return { text: from.type, from: from.index, to: to.index };
}
