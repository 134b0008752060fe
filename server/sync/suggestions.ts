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

const sameKind = (a: Node, b: Node) =>
  a.constructor === b.constructor && (!(a instanceof Y.XmlElement) || a.nodeName === (b as Y.XmlElement).nodeName);

function rootOf(type: AnyType): AnyType {
  let t = type;
  for (let hops = 0; t._item && hops < 100_000; hops++) t = t._item.parent as AnyType;
  return t;
}

/** Whether `update`, from `user` on a `suggest` socket, is a suggestion of theirs and nothing more. */
export function checkSuggestion(current: Y.Doc, update: Uint8Array, user: Suggester): SuggestionVerdict {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(current));
    const changed = new Set<AnyType>();
    scratch.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) changed.add(type);
    });
    Y.applyUpdate(scratch, update);
    // Parts that wait for updates the server has not seen would slip in unchecked later.
    if (scratch.store.pendingStructs || scratch.store.pendingDs) return refuse('update depends on unknown changes');
    const content = scratch.getXmlFragment(CONTENT_FIELD);
    for (const type of changed) if (rootOf(type) !== (content as unknown as AnyType)) return refuse('change outside the document content');
    if (changed.size === 0) return { ok: true };

    const stack: Array<[Node, Node]> = [[current.getXmlFragment(CONTENT_FIELD), content]];
    while (stack.length > 0) {
      const [a, b] = stack.pop()!;
      if (!sameKind(a, b)) return refuse('structure changed');
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
        if (x && y && sameKind(x, y)) {
          stack.push([x, y]);
          i++;
          j++;
        } else if (y && ownInsertionOnly(y, user)) {
          const problem = compareText(null, y as Y.XmlText, user);
          if (problem) return refuse(problem);
          j++;
        } else if (x && ownInsertionOnly(x, user)) i++;
        else return refuse('structure changed');
      }
    }
    return { ok: true };
  } finally {
    scratch.destroy();
  }
}
