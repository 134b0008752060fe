/**
 * Retention (DESIGN §5; Datatilsynet: pupil data that is not archival is deleted when its purpose
 * is fulfilled). When a closed cycle's `observationRetentionDays` have passed, its raw observation
 * documents and their threads are deleted as a deletion deletes (secure_delete, checkpoint);
 * evidence cards quoting them stay in the reflections with pupil codes only. Audit events older
 * than 12 months go too. Runs at start-up and hourly; the clock is injectable for tests.
 */
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { Retention } from '../../shared/privacy';
import { deleteOldAuditEvents } from '../audit/audit';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { cycles, documents } from '../db/schema';
import { deleteDocuments } from '../deletion/delete-documents';
import { checkpoint } from '../deletion/erase';
import type { Logger } from '../log';
import type { SyncServer } from '../sync/sync-server';
import { redactEvidenceOf } from './redact-evidence';

export interface RetentionRun {
  cycles: number;
  documents: number;
  evidenceCards: number;
  auditEvents: number;
}

interface Deps {
  db: Db;
  sync: SyncServer;
  log: Logger;
  clock: Clock;
}

const DAY = 86_400_000;

/** Closed cycles whose raw observation notes are due for deletion at `now`, with those documents. */
async function dueCycles(db: Db, now: Date) {
  // Days × 86 400 000 passes 32 bits after 24 days: the product is a bigint on PostgreSQL too.
  const due = await db
    .select({ id: cycles.id, teamId: cycles.teamId })
    .from(cycles)
    .where(and(isNotNull(cycles.closedAt), lte(sql`${cycles.closedAt} + ${cycles.observationRetentionDays} * cast(${DAY} as bigint)`, now.getTime())));
  return Promise.all(
    due.map(async (c) => ({
      ...c,
      observations: (await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.cycleId, c.id), eq(documents.kind, 'observation'))))
        .map((d) => d.id),
    })),
  );
}

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionRun> | null = null;

  constructor(private readonly deps: Deps) {}

  /** Runs now and then every hour. */
  start(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), Retention.jobIntervalMs);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** One pass; a call while one runs waits for that one. */
  run(): Promise<RetentionRun> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<RetentionRun> {
    const { db, log, clock } = this.deps;
    const now = clock.now();
    const result: RetentionRun = { cycles: 0, documents: 0, evidenceCards: 0, auditEvents: 0 };
    for (const cycle of await dueCycles(db, now)) {
      if (cycle.observations.length === 0) continue;
      try {
        result.evidenceCards += await redactEvidenceOf(this.deps, cycle.teamId, cycle.observations);
        const deleted = await deleteDocuments(this.deps, cycle.observations, { userId: null, address: null }, 'retention.deleted', now);
        await db.update(cycles).set({ observationsDeletedAt: now }).where(eq(cycles.id, cycle.id));
        result.cycles++;
        result.documents += deleted.documents;
      } catch (error) {
        log.error('retention failed for a cycle; it is tried again on the next run', { cycleId: cycle.id, error });
      }
    }
    result.auditEvents = await deleteOldAuditEvents(db, now);
    await checkpoint(this.deps);
    if (result.documents > 0 || result.auditEvents > 0) log.info('retention', { ...result });
    return result;
  }
}
