import { eq } from 'drizzle-orm';
import type { DocumentSummary } from '../../shared/schemas/documents';
import { recordActivity } from '../activity/activity';
import { type Actor, recordAudit } from '../audit/audit';
import type { Db } from '../db/open';
import { documents } from '../db/schema';
import { findDocument } from './find-documents';

/**
 * A private draft becomes the team's: from now on the one visibility rule shows it to the team
 * (its activity and threads with it). One click, logged. A team document stays as it is.
 */
export function shareDocument(db: Db, documentId: string, actor: Actor): DocumentSummary {
  db.transaction((tx) => {
    const doc = tx.select({ teamId: documents.teamId, title: documents.title, visibility: documents.visibility }).from(documents).where(eq(documents.id, documentId)).get();
    if (!doc || doc.visibility === 'team') return;
    tx.update(documents).set({ visibility: 'team', updatedAt: new Date() }).where(eq(documents.id, documentId)).run();
    recordAudit(tx, actor, { teamId: doc.teamId, action: 'document.shared', targetType: 'document', targetId: documentId, detail: { title: doc.title } });
    recordActivity(tx, { teamId: doc.teamId, actorId: actor.userId, verb: 'document.shared', documentId, summary: { title: doc.title } });
  });
  return findDocument(db, documentId)!;
}
