/**
 * What a `suggest` socket may send: text inserted inside its own insertion mark, and its own
 * deletion marks added to (or taken off) existing text. Never removing anyone's text, never
 * touching another person's content, attributes or structure, never anything outside the
 * document's content. The update is applied to a scratch copy and the two trees are compared.
 */
import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/blocks/names';
import { SuggestionMark } from '../../shared/blocks/walk';

export interface Suggester {
  id: string;
  name: string;
}

export type SuggestionVerdict = { ok: true } | { ok: false; reason: string };

interface MarkAttrs {
  authorId?: unknown;
  authorName?: unknown;
  at?: unknown;
}

type Unit = { value: string; attrs: Record<string, unknown> };
type Node = Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment;
/** Any shared type, whatever its event type. */
type AnyType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

const refuse = (reason: string): SuggestionVerdict => ({ ok: false, reason });

const markOf = (attrs: Record<string, unknown>, mark: string) => attrs[mark] as MarkAttrs | undefined;
const isOwn = (attrs: Record<string, unknown>, mark: string, user: Suggester) => markOf(attrs, mark)?.authorId === user.id;

/** A mark of one's own must say who and when, and nothing absurd. */
function wellFormed(mark: MarkAttrs, user: Suggester): boolean {
  return (
    mark.authorId === user.id &&
    (mark.authorName === undefined || (typeof mark.authorName === 'string' && mark.authorName.length <= 200)) &&
    typeof mark.at === 'number' &&
    Number.isFinite(mark.at) &&
    Object.keys(mark).every((k) => k === 'authorId' || k === 'authorName' || k === 'at')
  );
}

/** Stable JSON (sorted keys), so attributes compare by value. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .toSorted()
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** One unit per character (or embed), with its formatting. */
function units(text: Y.XmlText): Unit[] {
  const out: Unit[] = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    const attrs = op.attributes ?? {};
    if (typeof op.insert === 'string') for (const ch of op.insert) out.push({ value: ch, attrs });
    else out.push({ value: `\u0000${canonical(op.insert)}`, attrs });
  }
  return out;
}

/**
 * The text as it must be the same before and after: leaving out what the user suggested inserting,
 * and their own deletion marks (which they may add or take back). Everything else, exactly.
 */
function fixedPart(all: Unit[], user: Suggester): string[] {
  return all
    .filter((u) => !isOwn(u.attrs, SuggestionMark.insert, user))
    .map((u) => {
      const attrs = isOwn(u.attrs, SuggestionMark.delete, user) ? Object.fromEntries(Object.entries(u.attrs).filter(([k]) => k !== SuggestionMark.delete)) : u.attrs;
      return `${u.value}\u0001${canonical(attrs)}`;
    });
}

function compareText(before: Y.XmlText | null, after: Y.XmlText | null, user: Suggester): string | null {
  const a = before ? units(before) : [];
  const b = after ? units(after) : [];
  for (const u of b) {
    for (const mark of [SuggestionMark.insert, SuggestionMark.delete]) {
      const m = markOf(u.attrs, mark);
      if (m && m.authorId === user.id && !wellFormed(m, user)) return 'malformed suggestion mark';
    }
  }
  const fa = fixedPart(a, user);
  const fb = fixedPart(b, user);
  if (fa.length !== fb.length) return fb.length < fa.length ? 'text removed' : 'text added without a suggestion mark of its own';
  for (let i = 0; i < fa.length; i++) if (fa[i] !== fb[i]) return 'text or formatting changed';
  return null;
}

/** A text child that is all the user's own suggested insertion may appear or disappear. */
const ownInsertionOnly = (node: Node, user: Suggester) =>
  node instanceof Y.XmlText && units(node).every((u) => isOwn(u.attrs, SuggestionMark.insert, user));

type ItemId = { client: number; clock: number };
const idOf = (n: Node): ItemId | null => (n as unknown as { _item: { id: ItemId } | null })._item?.id ?? null;

/** The same shared type in both documents (the same Yjs item), not merely one that looks alike. */
function sameType(a: Node, b: Node): boolean {
  const x = idOf(a);
  const y = idOf(b);
  return x !== null && y !== null && x.client === y.client && x.clock === y.clock;
}

/** Made by the update being checked: the server's document had nothing of its author's this late. */
function isNew(node: Node, known: Map<number, number>): boolean {
  const id = idOf(node);
  return id !== null && id.clock >= (known.get(id.client) ?? 0);
}

const sameKind = (a: Node, b: Node) =>
  a.constructor === b.constructor && (!(a instanceof Y.XmlElement) || a.nodeName === (b as Y.XmlElement).nodeName);

function rootOf(type: AnyType): AnyType {
  let t = type;
  for (let hops = 0; t._item && hops < 100_000; hops++) t = t._item.parent as AnyType;
  return t;
}

/**
 * A copy of a document to try suggestions on. The engine keeps one per document while someone
 * suggests, fed every accepted change, so a keystroke costs its own size rather than the
 * document's (a fresh copy of a 500-step plan per keystroke cost 200 ms).
 */
export function suggestionScratch(current: Y.Doc): Y.Doc {
  const scratch = new Y.Doc({ gc: false });
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(current));
  // Typed before any update is tried on it, so a change at the top level names this fragment.
  scratch.getXmlFragment(CONTENT_FIELD);
  return scratch;
}

/** The changed types and every type above them: the only places an update can have changed anything. */
function withAncestors(changed: Set<AnyType>): Set<AnyType> {
  const touched = new Set<AnyType>();
  for (const type of changed) {
    let t: AnyType | null = type;
    for (let hops = 0; t && !touched.has(t) && hops < 100_000; hops++) {
      touched.add(t);
      t = t._item ? (t._item.parent as AnyType) : null;
    }
  }
  return touched;
}

/**
 * Whether `update`, from `user` on a `suggest` socket, is a suggestion of theirs and nothing more.
 * `scratch`, if given, must hold exactly what `current` holds; the update is applied to it (so a
 * caller keeps it only if the update is accepted and applied to `current` too). Without one, a
 * fresh copy is made and thrown away.
 */
export function checkSuggestion(current: Y.Doc, update: Uint8Array, user: Suggester, given?: Y.Doc): SuggestionVerdict {
  const scratch = given ?? suggestionScratch(current);
  try {
    const changed = new Set<AnyType>();
    const collect = (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) changed.add(type);
    };
    scratch.on('afterTransaction', collect);
    try {
      Y.applyUpdate(scratch, update);
    } finally {
      scratch.off('afterTransaction', collect);
    }
    // Parts that wait for updates the server has not seen would slip in unchecked later.
    if (scratch.store.pendingStructs || scratch.store.pendingDs) return refuse('update depends on unknown changes');
    const content = scratch.getXmlFragment(CONTENT_FIELD);
    for (const type of changed) if (rootOf(type) !== (content as unknown as AnyType)) return refuse('change outside the document content');
    if (changed.size === 0) return { ok: true };
    // Subtrees nothing changed under are the same on both sides: only the paths to changes are compared.
    const touched = withAncestors(changed);

    const known = new Map(Y.decodeStateVector(Y.encodeStateVector(current)));
    const stack: Array<[Node, Node]> = [[current.getXmlFragment(CONTENT_FIELD), content]];
    while (stack.length > 0) {
      const [a, b] = stack.pop()!;
      if (!sameKind(a, b)) return refuse('structure changed');
      if (!touched.has(b as unknown as AnyType)) continue;
      if (a instanceof Y.XmlText) {
        if (!changed.has(b as unknown as AnyType)) continue;
        const problem = compareText(a, b as Y.XmlText, user);
        if (problem) return refuse(problem);
        continue;
      }
      if (a instanceof Y.XmlHook) {
        if (canonical(a.toJSON()) !== canonical((b as Y.XmlHook).toJSON())) return refuse('structure changed');
        continue;
      }
      if (a instanceof Y.XmlElement && canonical(a.getAttributes()) !== canonical((b as Y.XmlElement).getAttributes())) return refuse('attributes changed');
      const ca = (a as Y.XmlElement | Y.XmlFragment).toArray() as Node[];
      const cb = (b as Y.XmlElement | Y.XmlFragment).toArray() as Node[];
      let i = 0;
      let j = 0;
      while (i < ca.length || j < cb.length) {
        const x = ca[i];
        const y = cb[j];
        // Children are matched by identity, not by position and kind: a paragraph deleted and a
        // look-alike inserted in its place is a rewrite, not the same paragraph.
        if (x && y && sameType(x, y)) {
          stack.push([x, y]);
          i++;
          j++;
        } else if (y && isNew(y, known) && ownInsertionOnly(y, user)) {
          const problem = compareText(null, y as Y.XmlText, user);
          if (problem) return refuse(problem);
          j++;
        } else if (x && ownInsertionOnly(x, user)) i++;
        else return refuse('structure changed');
      }
    }
    return { ok: true };
  } finally {
    if (!given) scratch.destroy();
  }
}
