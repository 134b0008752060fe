import { and, eq, ne } from 'drizzle-orm';
import type { DocumentSummary } from '../../shared/schemas/documents';
import { recordActivity } from '../activity/activity';
import { type Actor, recordAudit } from '../audit/audit';
import { type Db, rowsChanged } from '../db/open';
import { documents } from '../db/schema';
import { findDocument } from './find-documents';

/**
 * A private draft becomes the team's: from now on the one visibility rule shows it to the team
 * (its activity and threads with it). One click, logged. A team document stays as it is.
 */
export async function shareDocument(db: Db, documentId: string, actor: Actor): Promise<DocumentSummary> {
  await db.transaction(async (tx) => {
    const doc = (await tx.select({ teamId: documents.teamId, title: documents.title, visibility: documents.visibility }).from(documents).where(eq(documents.id, documentId)))[0];
    if (!doc || doc.visibility === 'team') return;
    // Of two clicks racing, the one that changes the row logs it.
    const shared = await tx.update(documents).set({ visibility: 'team', updatedAt: new Date() }).where(and(eq(documents.id, documentId), ne(documents.visibility, 'team')));
    if (rowsChanged(shared) !== 1) return;
    await recordAudit(tx, actor, { teamId: doc.teamId, action: 'document.shared', targetType: 'document', targetId: documentId, detail: { title: doc.title } });
    await recordActivity(tx, { teamId: doc.teamId, actorId: actor.userId, verb: 'document.shared', documentId, summary: { title: doc.title } });
  });
  return (await findDocument(db, documentId))!;
}
