import { inArray } from 'drizzle-orm';
import type { DeletionResult } from '../../shared/schemas/data';
import type { AuditAction, AuditDetail } from '../../shared/audit';
import { type Actor, recordAudit } from '../audit/audit';
import { documents } from '../db/schema';
import { countContent, deleteDocumentRows, type EraseDeps, eraseWith } from './erase';

/**
 * Deletes documents of one team with their logs, states, versions, threads, inbox items and
 * activity; one audit event per document (`action` says why: a person, or retention).
 */
export async function deleteDocuments(
  deps: EraseDeps,
  documentIds: string[],
  actor: Actor,
  action: Extract<AuditAction, 'document.deleted' | 'retention.deleted'> = 'document.deleted',
  at = new Date(),
): Promise<DeletionResult> {
  if (documentIds.length === 0) return { documents: 0, threads: 0, versions: 0 };
  return eraseWith(deps, documentIds, async (tx) => {
    const rows = (await tx
      .select({ id: documents.id, teamId: documents.teamId, kind: documents.kind, title: documents.title, visibility: documents.visibility })
      .from(documents)
      .where(inArray(documents.id, documentIds)));
    const ids = rows.map((r) => r.id);
    const result = await countContent(tx, ids);
    await deleteDocumentRows(tx, ids);
    for (const row of rows) {
      // Leaders read the audit log; a private draft's title was never theirs to read.
      const detail: AuditDetail = row.visibility === 'private' ? { kind: row.kind } : { kind: row.kind, title: row.title };
      await recordAudit(tx, actor, { teamId: row.teamId, action, targetType: 'document', targetId: row.id, detail }, at);
    }
    return result;
  });
}
