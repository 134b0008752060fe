/**
 * Action items as they live in a document's content. This module is the one place that knows how
 * an action item is stored (today: a Tiptap task item with `owner`, `due` and `checked` attributes,
 * see client/editor/action-item.ts): `findActionItems` finds them, everything else (the index for
 * reminders, "My tasks", the team's open items, done/undone written back) goes through it.
 */
import { isDeepStrictEqual } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { ContentNode } from '../../shared/blocks/names';
import { findBlocks } from '../../shared/blocks/read';
import { deltaText } from '../../shared/blocks/walk';
import { isPostgres } from '../db/dialect';
import type { DbOrTx } from '../db/open';
import { lockRow } from '../db/row-lock';
import { actionItems, documents } from '../db/schema';

export interface ActionItemRow {
  /** Position among the document's action items (0, 1, …), with or without owner and date. */
  position: number;
  owner: string;
  /** YYYY-MM-DD */
  due: string;
  done: boolean;
  /** What is to be done, as written (clamped). */
  text: string;
}

/** A document is input from whoever edited it: at most this many items, words per item. */
const MAX_ITEMS = 1_000;
const MAX_TEXT = 300;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface FoundItem {
  node: Y.XmlElement;
  position: number;
}

/** Every action item of the document, in document order (the blocks' capped, iterative walk). */
const findActionItems = (doc: Y.Doc): FoundItem[] =>
  findBlocks(doc, ContentNode.taskItem, MAX_ITEMS).map((node, position) => ({ node, position }));

/** The item's own words: its paragraphs, not the items nested under it. */
function itemText(item: Y.XmlElement): string {
  const parts: string[] = [];
  let length = 0;
  for (const child of item.toArray()) {
    if (!(child instanceof Y.XmlElement) || child.nodeName !== 'paragraph') continue;
    for (const t of child.toArray()) {
      if (!(t instanceof Y.XmlText)) continue;
      // What the item says now: a suggested insertion is not part of it until someone accepts it.
      const text = deltaText(t, 'accepted');
      parts.push(text);
      length += text.length;
      if (length > MAX_TEXT) return parts.join('').slice(0, MAX_TEXT);
    }
    parts.push(' ');
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

const isDone = (checked: unknown) => checked === true || checked === 'true';

/**
 * THE reader: the action items of a document that have both an owner and a due date (what
 * reminders, "My tasks" and the team's open items need).
 */
export function readActionItems(doc: Y.Doc): ActionItemRow[] {
  const items: ActionItemRow[] = [];
  for (const { node, position } of findActionItems(doc)) {
    const owner = node.getAttribute('owner') as unknown;
    const due = node.getAttribute('due') as unknown;
    if (typeof owner === 'string' && owner.trim() && typeof due === 'string' && DATE.test(due)) {
      items.push({ position, owner: owner.trim().slice(0, 80), due, done: isDone(node.getAttribute('checked')), text: itemText(node) });
    }
  }
  return items;
}

/**
 * Marks the action item at `position` done or not, if it is still the item the caller saw (same
 * owner and text); returns what it was, or null if there is no such item any more. Run inside the
 * sync server's change, so live editors see it and it is stored before anyone does.
 */
export function setActionItemDone(doc: Y.Doc, position: number, expected: { owner: string; text: string }, done: boolean): ActionItemRow | null {
  const found = findActionItems(doc).find((i) => i.position === position);
  if (!found) return null;
  const row = readActionItems(doc).find((i) => i.position === position);
  if (!row || row.owner !== expected.owner || row.text !== expected.text) return null;
  if (row.done !== done) found.node.setAttribute('checked', done as unknown as string);
  return row;
}

/** Replaces the document's indexed action items with what its content says now. */
export async function indexActionItems(db: DbOrTx, documentId: string, doc: Y.Doc): Promise<void> {
  await storeActionItems(db, documentId, readActionItems(doc));
}

/** Replaces the document's indexed action items with `items` (read from the document earlier). */
export async function storeActionItems(db: DbOrTx, documentId: string, items: ReturnType<typeof readActionItems>): Promise<void> {
  // Most edits leave the items as they were: on SQLite that is worth a read instead of a commit (the
  // row lock there rewrites the document's row, search text and all). SQLite's gate runs one
  // statement at a time and the read is the last thing this does, so what it found is what a write
  // would have left. PostgreSQL (several instances) always takes the lock.
  if (!isPostgres(db) && isDeepStrictEqual(await storedItems(db, documentId), items)) return;
  await db.transaction(async (tx) => {
    // Two change reports of one document at once (two instances, or an edit while a list is read)
    // replace the list one after the other, not into each other.
    await lockRow(tx, documents, documentId);
    await tx.delete(actionItems).where(eq(actionItems.documentId, documentId));
    for (const item of items) await tx.insert(actionItems).values({ documentId, ...item });
  });
}

async function storedItems(db: DbOrTx, documentId: string): Promise<ActionItemRow[]> {
  return await db
    .select({ position: actionItems.position, owner: actionItems.owner, due: actionItems.due, done: actionItems.done, text: actionItems.text })
    .from(actionItems)
    .where(eq(actionItems.documentId, documentId))
    .orderBy(asc(actionItems.position));
}
