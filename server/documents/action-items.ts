import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { readActionItems as readActionItemFacts } from '../../shared/blocks/read';
import type { DbOrTx } from '../db/open';
import { actionItems } from '../db/schema';

export interface ActionItemRow {
  position: number;
  owner: string;
  /** YYYY-MM-DD */
  due: string;
  done: boolean;
}

/**
 * The action items (task items of the action-items blocks, see shared/blocks) that have both an
 * owner and a due date: what due-date reminders and "My tasks" need. `position` is the item's
 * place among all the document's action items.
 */
export function readActionItems(doc: Y.Doc): ActionItemRow[] {
  return readActionItemFacts(doc).flatMap((item, position) =>
    item.owner && item.due ? [{ position, owner: item.owner, due: item.due, done: item.done }] : [],
  );
}

/** Replaces the document's indexed action items with what its content says now. */
export function indexActionItems(db: DbOrTx, documentId: string, doc: Y.Doc): void {
  const items = readActionItems(doc);
  db.transaction((tx) => {
    tx.delete(actionItems).where(eq(actionItems.documentId, documentId)).run();
    for (const item of items) tx.insert(actionItems).values({ documentId, ...item }).run();
  });
}
