import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DbOrTx } from '../db/open';
import { actionItems } from '../db/schema';

export interface ActionItemRow {
  position: number;
  owner: string;
  /** YYYY-MM-DD */
  due: string;
  done: boolean;
}

/** A document is input from whoever edited it: the walk is iterative and stops at these. */
const MAX_NODES = 200_000;
const MAX_ITEMS = 1_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The action items of a Tiptap-shaped document (task items, see client/editor/action-item.ts)
 * that have both an owner and a due date: what due-date reminders need.
 */
export function readActionItems(doc: Y.Doc, field = 'default'): ActionItemRow[] {
  const items: ActionItemRow[] = [];
  const stack: Array<Y.XmlElement | Y.XmlFragment> = [doc.getXmlFragment(field)];
  let visited = 0;
  let position = 0;
  while (stack.length > 0 && visited < MAX_NODES && items.length < MAX_ITEMS) {
    const node = stack.pop()!;
    visited++;
    if (node instanceof Y.XmlElement && node.nodeName === 'taskItem') {
      const owner = node.getAttribute('owner') as unknown;
      const due = node.getAttribute('due') as unknown;
      const checked = node.getAttribute('checked') as unknown;
      if (typeof owner === 'string' && owner.trim() && typeof due === 'string' && DATE.test(due)) {
        items.push({ position, owner: owner.trim().slice(0, 80), due, done: checked === true || checked === 'true' });
      }
      position++;
    }
    // Children in reverse, so items come out in document order.
    const children = node.toArray();
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child instanceof Y.XmlElement) stack.push(child);
    }
  }
  return items;
}

/** Replaces the document's indexed action items with what its content says now. */
export function indexActionItems(db: DbOrTx, documentId: string, doc: Y.Doc): void {
  const items = readActionItems(doc);
  db.transaction((tx) => {
    tx.delete(actionItems).where(eq(actionItems.documentId, documentId)).run();
    for (const item of items) tx.insert(actionItems).values({ documentId, ...item }).run();
  });
}
