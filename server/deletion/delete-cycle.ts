import { eq } from 'drizzle-orm';
import type { DeletionResult } from '../../shared/schemas/data';
import { type Actor, recordAudit } from '../audit/audit';
import { cycles, documents } from '../db/schema';
import { notFound } from '../errors';
import { countContent, deleteDocumentRows, documentIdsWhere, type EraseDeps, eraseWith } from './erase';

/** Deletes a cycle and every document in it (all rounds, all kinds), as a team deletion does. */
export async function deleteCycle(deps: EraseDeps, cycleId: string, actor: Actor): Promise<DeletionResult> {
  const documentIds = await documentIdsWhere(deps.db, documents.cycleId, cycleId);
  return eraseWith(deps, documentIds, async (tx) => {
    const cycle = (await tx.select({ teamId: cycles.teamId, title: cycles.title }).from(cycles).where(eq(cycles.id, cycleId)))[0];
    if (!cycle) throw notFound('Cycle not found');
    const result = await countContent(tx, documentIds);
    await deleteDocumentRows(tx, documentIds);
    await tx.delete(cycles).where(eq(cycles.id, cycleId));
    await recordAudit(tx, actor, { teamId: cycle.teamId, action: 'cycle.deleted', targetType: 'cycle', targetId: cycleId, detail: { title: cycle.title, ...result } });
    return result;
  });
}
