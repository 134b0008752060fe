import { eq } from 'drizzle-orm';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { documents } from '../db/schema';
import { INDEX_STEP_CHARS, storeSearchText } from '../search/full-text';
import type { DocumentChange } from '../sync/sync-server';
import { readActionItems, storeActionItems } from './action-items';
import { documentSearchText } from './document-text';

/**
 * Keeps a document's row current while it is edited: when, by whom, its action items, and (when
 * the report says its text is due: see EngineOptions.textReportMs) its text for search. `editors`
 * are everyone whose edits the report includes (the last is `change.userId`), for the activity
 * feed. The text is left alone when it did not change; when it did, only its changed chunks go into
 * the full-text index again (storeSearchText), one step of them now. True: the index needs more
 * steps (catchUpSearchIndex; the EditRecorder takes them).
 */
export async function recordEdit(db: Db, change: DocumentChange, editors: string[] = change.userId ? [change.userId] : []): Promise<boolean> {
  if (change.edited) {
    const items = readActionItems(change.doc);
    const doc = (await db
      .select({ teamId: documents.teamId, title: documents.title })
      .from(documents)
      .where(eq(documents.id, change.documentId)))[0];
    if (!doc) return false;
    await db.update(documents)
      .set({ updatedAt: new Date(), ...(change.userId ? { lastEditedBy: change.userId } : {}) })
      .where(eq(documents.id, change.documentId));
    await storeActionItems(db, change.documentId, items);
    for (const actorId of editors) {
      await recordActivity(db, { teamId: doc.teamId, actorId, verb: 'document.edited', documentId: change.documentId, summary: { title: doc.title } });
    }
  }
  if (!change.text) return false;
  // The text is read inside storeSearchText's transaction (see there: a redaction in between).
  const indexed = await storeSearchText(db, change.documentId, () => documentSearchText(change.doc), INDEX_STEP_CHARS);
  return !indexed;
}
