import { and, count, eq, isNotNull } from 'drizzle-orm';
import { Retention } from '../../shared/privacy';
import type { PendingDeletion } from '../../shared/schemas/data';
import type { Db } from '../db/open';
import { cycles, documents } from '../db/schema';
import { observationsDeleteAt } from '../cycles/cycles';

/** The team's closed cycles that still hold raw observation notes, soonest deletion first. */
export async function pendingDeletions(db: Db, teamId: string, now: Date): Promise<PendingDeletion[]> {
  return (await db
    .select({ c: cycles, observations: count(documents.id) })
    .from(cycles)
    .innerJoin(documents, and(eq(documents.cycleId, cycles.id), eq(documents.kind, 'observation')))
    .where(and(eq(cycles.teamId, teamId), isNotNull(cycles.closedAt)))
    .groupBy(cycles.id))
    .map(({ c, observations }) => {
      const deletesAt = observationsDeleteAt(c.closedAt!, c.observationRetentionDays);
      return {
        cycleId: c.id,
        title: c.title,
        closedAt: c.closedAt!.toISOString(),
        observationRetentionDays: c.observationRetentionDays,
        deletesAt: new Date(deletesAt).toISOString(),
        observationDocuments: observations,
        soon: deletesAt - now.getTime() <= Retention.warnDays * 86_400_000,
      };
    })
    .toSorted((a, b) => a.deletesAt.localeCompare(b.deletesAt));
}
