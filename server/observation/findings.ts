import { and, asc, eq, isNull } from 'drizzle-orm';
import { type EvidenceLink, type FindingFact, readFindings } from '../../shared/blocks/read';
import type { Db } from '../db/open';
import { withDocument } from '../documents/content-tree';
import { documents } from '../db/schema';
import { type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';

export interface Finding extends FindingFact {
  reflectionId: string;
  reflectionTitle: string;
  round: number | null;
  /** Whether an evidence card is attached to the finding. */
  hasEvidence: boolean;
}

export type { EvidenceLink };

/** The agreed findings of a reflection: the findings of its findings block(s). */
export function findingsIn(state: Uint8Array): Array<FindingFact & { hasEvidence: boolean }> {
  return withDocument(state, (doc) => readFindings(doc).map((f) => ({ ...f, hasEvidence: f.evidence.length > 0 })));
}

/** Findings from the reflections of the plan's cycle that `viewer` may see, up to the plan's round. */
export async function cycleFindings(db: Db, sync: SyncServer, viewer: Viewer, plan: { cycleId: string | null; round: number | null }): Promise<Finding[]> {
  if (!plan.cycleId) return [];
  const reflections = (await db
    .select({ id: documents.id, title: documents.title, round: documents.round })
    .from(documents)
    .where(and(eq(documents.cycleId, plan.cycleId), eq(documents.kind, 'reflection'), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(asc(documents.createdAt)))
    .filter((r) => plan.round === null || (r.round ?? 1) <= plan.round);
  const all: Finding[] = [];
  for (const r of reflections) {
    for (const f of findingsIn(await sync.readState(r.id))) all.push({ reflectionId: r.id, reflectionTitle: r.title, round: r.round, ...f });
  }
  return all;
}
