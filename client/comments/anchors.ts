import * as Y from 'yjs';

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

/**
 * Where an anchored range is now, inside one Y.XmlText. Orphaned when its text is gone (the two
 * ends meet) or the ends no longer share a text.
 */
export function resolveTextRange(
  doc: Y.Doc,
  start: string,
  end: string,
): { text: Y.XmlText; from: number; to: number; orphaned: boolean } | null {
  const a = decodeAnchor(start);
  const b = decodeAnchor(end);
  const from = a && Y.createAbsolutePositionFromRelativePosition(a, doc);
  const to = b && Y.createAbsolutePositionFromRelativePosition(b, doc);
  if (!from || !to || !(from.type instanceof Y.XmlText)) return null;
  return { text: from.type, from: from.index, to: to.index, orphaned: from.type !== to.type || to.index <= from.index };
}
