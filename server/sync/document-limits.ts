/**
 * What one document may hold (shared/limits.ts Limits.document), checked on every update a peer
 * sends: what the update carries is checked before it is applied; how deep the elements it adds
 * sit can only be known against the document, so that is checked on the tentative integration,
 * which the engine throws away (it reloads from the store) if it fails.
 */
import * as Y from 'yjs';

export interface DocumentLimits {
  maxDepth: number;
  maxBytes: number;
  maxAttributeBytes: number;
}

export interface LimitRefusal {
  limit: 'size' | 'attribute' | 'subdocument' | 'depth';
  detail: string;
}

/** An update that Yjs cannot decode, or whose values cannot be measured. */
export class MalformedUpdate extends Error {}

/** Rough stored size of a value: its JSON length (bigints as their digits). */
function sizeOf(value: unknown): number {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))?.length ?? 0;
  } catch {
    throw new MalformedUpdate('a value in the update cannot be measured');
  }
}

/** The stored size of what an item holds, when it is a single value (an attribute, a map entry, a format). */
function valueBytes(item: Y.Item): number {
  const content = item.content;
  if (content instanceof Y.ContentAny) return sizeOf(content.arr);
  if (content instanceof Y.ContentString) return content.str.length;
  if (content instanceof Y.ContentJSON) return sizeOf(content.arr);
  if (content instanceof Y.ContentBinary) return content.content.length;
  if (content instanceof Y.ContentEmbed) return sizeOf(content.embed);
  return 0;
}

/**
 * Checks what an update carries against the limits, before it touches the document: the size the
 * document would reach, each attribute and format value, and no subdocuments (Fellesrom has none).
 * Throws MalformedUpdate on an update Yjs cannot decode.
 */
export function checkUpdate(update: Uint8Array, storedBytes: number, limits: DocumentLimits): LimitRefusal | null {
  if (storedBytes + update.length > limits.maxBytes) {
    return { limit: 'size', detail: `the document would pass ${limits.maxBytes} bytes` };
  }
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new MalformedUpdate(error instanceof Error ? error.message : String(error));
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    if (content instanceof Y.ContentDoc) return { limit: 'subdocument', detail: 'subdocuments are not accepted' };
    const bytes =
      content instanceof Y.ContentFormat
        ? content.key.length + sizeOf(content.value)
        : struct.parentSub !== null
          ? struct.parentSub.length + valueBytes(struct)
          : content instanceof Y.ContentEmbed
            ? sizeOf(content.embed)
            : 0;
    if (bytes > limits.maxAttributeBytes) {
      return { limit: 'attribute', detail: `a value of ${bytes} bytes (at most ${limits.maxAttributeBytes})` };
    }
  }
  return null;
}

/**
 * The clock of every client before a change: what `deepestAddedType` compares against. Read from
 * the store as Yjs's own state vector is, without encoding and decoding it (that was a tenth of the
 * main thread's busy time at 5 keystrokes a second per person).
 */
export function clocksOf(doc: Y.Doc): Map<number, number> {
  const clocks = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) clocks.set(client, last.id.clock + last.length);
  }
  return clocks;
}

/**
 * After a tentative integration: the nesting depth of the deepest type (element, map, array…)
 * added since `before`, counting a root type's children as depth 1. Stops counting past `cap`.
 */
export function deepestAddedType(doc: Y.Doc, before: Map<number, number>, cap: number): number {
  let deepest = 0;
  for (const [client, structs] of doc.store.clients) {
    const from = before.get(client) ?? 0;
    const last = structs[structs.length - 1];
    if (!last || last.id.clock + last.length <= from) continue;
    for (let i = from === 0 ? 0 : Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i];
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue;
      let depth = 0;
      let at: Y.Item | null = struct;
      while (at !== null && depth <= cap) {
        depth++;
        const parent = at.parent as Y.AbstractType<unknown> | null;
        at = parent?._item ?? null;
      }
      deepest = Math.max(deepest, depth);
      if (deepest > cap) return deepest;
    }
  }
  return deepest;
}

/**
 * A whole document that reaches us outside the sync server (the content of an imported export),
 * held to the same limits as one built up edit by edit: what it carries is checked as an update to
 * an empty document, then it is applied to a fresh document whose depth is measured. Returns that
 * document (the caller destroys it) or the refusal. Throws MalformedUpdate when Yjs cannot decode
 * or apply it.
 */
export function openWithinLimits(update: Uint8Array, limits: DocumentLimits): { doc: Y.Doc; refusal: null } | { doc: null; refusal: LimitRefusal } {
  const carried = checkUpdate(update, 0, limits);
  if (carried) return { doc: null, refusal: carried };
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch (error) {
    doc.destroy();
    throw new MalformedUpdate(error instanceof Error ? error.message : String(error));
  }
  if (deepestAddedType(doc, new Map(), limits.maxDepth) > limits.maxDepth) {
    doc.destroy();
    return { doc: null, refusal: { limit: 'depth', detail: `it nests content deeper than ${limits.maxDepth} levels` } };
  }
  return { doc, refusal: null };
}
