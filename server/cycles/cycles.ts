import { and, desc, eq, isNull } from 'drizzle-orm';
import { type CycleGap, type Phase, Phases, phaseReachedBy, roundTitle } from '../../shared/cycles';
import type { Locale } from '../../shared/locale';
import type { DocumentKind } from '../../shared/document-kinds';
import { Retention } from '../../shared/privacy';
import type { Cycle, CycleBoard, CycleSummary, CreateCycleBody } from '../../shared/schemas/cycles';
import type { DocumentSummary } from '../../shared/schemas/documents';
import { type Db, type DbOrTx, rowsChanged } from '../db/open';
import { cycles, documents } from '../db/schema';
import { createDocument } from '../documents/create-document';
import { recordActivity } from '../activity/activity';
import { listDocuments, toDocumentSummary } from '../documents/find-documents';
import { AppError, notFound } from '../errors';
import { sharedWorkOf, type Viewer, visibleTo } from '../policies';
import { newId } from '../ids';
import type { SyncServer } from '../sync/sync-server';
import { createVersion } from '../versions/versions';
import { cycleOrigin } from '../library/find-published';

type CycleRow = typeof cycles.$inferSelect;

const toCycle = (row: CycleRow): Cycle => ({
  id: row.id,
  teamId: row.teamId,
  title: row.title,
  researchQuestion: row.researchQuestion,
  tags: row.tags,
  phase: row.phase as Phase,
  round: row.round,
  plannedRounds: row.plannedRounds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  closedAt: row.closedAt?.toISOString() ?? null,
  observationRetentionDays: row.observationRetentionDays,
  observationsDeleteAt: row.closedAt ? new Date(observationsDeleteAt(row.closedAt, row.observationRetentionDays)).toISOString() : null,
  observationsDeletedAt: row.observationsDeletedAt?.toISOString() ?? null,
});

const DAY_MS = 86_400_000;
/** When a closed cycle's raw observation notes are due for deletion (ms since epoch). */
export const observationsDeleteAt = (closedAt: Date, days: number) => closedAt.getTime() + days * DAY_MS;

/** Where each kind of document shows on the phase board. */
const phaseOfKind: Record<DocumentKind, Phase> = {
  lesson_plan: 'plan',
  note: 'plan',
  observation: 'observe',
  peer_observation: 'observe',
  reflection: 'reflect',
  log: 'reflect',
  learning_conversation: 'reflect',
  action_learning: 'reflect',
  report: 'share',
  team_meeting: 'plan',
  period_plan: 'plan',
  pedagogical_analysis: 'reflect',
  itp: 'reflect',
  learning_story: 'share',
};

const DAY = 86_400_000;

export async function createCycle(db: DbOrTx, teamId: string, userId: string, body: CreateCycleBody, originPublishedId: string | null = null): Promise<Cycle> {
  const now = new Date();
  const row: CycleRow = {
    id: newId(),
    teamId,
    title: body.title,
    researchQuestion: body.researchQuestion,
    tags: body.tags,
    phase: 'plan',
    round: 1,
    plannedRounds: body.plannedRounds,
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
    archivedAt: null,
    observationRetentionDays: Retention.defaultObservationDays,
    closedAt: null,
    observationsDeletedAt: null,
    originPublishedId,
  };
  await db.insert(cycles).values(row);
  return toCycle(row);
}

export async function findCycleRow(db: Db, cycleId: string): Promise<CycleRow | null> {
  return (await db.select().from(cycles).where(eq(cycles.id, cycleId)))[0] ?? null;
}

/**
 * What the board should point out, for the current round: a missing plan, observation or
 * reflection (with how long the observation has waited), an unrevised plan, an unshared cycle.
 */
export function findGaps(cycle: Cycle, docs: DocumentSummary[], now = Date.now()): CycleGap[] {
  const inRound = (kind: DocumentKind, round: number) => docs.filter((d) => d.kind === kind && d.round === round);
  const r = cycle.round;
  const plans = inRound('lesson_plan', r);
  const observations = inRound('observation', r);
  const reflections = inRound('reflection', r);
  const gaps: CycleGap[] = [];
  if (plans.length === 0) gaps.push({ code: 'no_plan', round: r });
  if (plans.length > 0 && observations.length === 0 && Phases.indexOf(cycle.phase) >= Phases.indexOf('observe')) {
    gaps.push({ code: 'no_observation', round: r });
  }
  if (observations.length > 0 && reflections.length === 0) {
    const first = Math.min(...observations.map((o) => Date.parse(o.createdAt)));
    gaps.push({ code: 'no_reflection', round: r, daysSinceObservation: Math.floor((now - first) / DAY) });
  }
  if (reflections.length > 0 && r < cycle.plannedRounds) gaps.push({ code: 'not_revised', round: r });
  if (reflections.length > 0 && r >= cycle.plannedRounds && !docs.some((d) => d.kind === 'report')) {
    gaps.push({ code: 'not_shared' });
  }
  return gaps;
}

/** The team's shared documents, for gaps: what is missing shows no titles, so it counts everything shared. */
async function sharedWork(db: Db, teamId: string, cycleId?: string): Promise<DocumentSummary[]> {
  return (await db
    .select()
    .from(documents)
    .where(and(sharedWorkOf(teamId), isNull(documents.archivedAt), cycleId ? eq(documents.cycleId, cycleId) : undefined)))
    .map(toDocumentSummary);
}

export async function listCycles(db: Db, teamId: string): Promise<CycleSummary[]> {
  const docs = await sharedWork(db, teamId);
  return (await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, teamId), isNull(cycles.archivedAt)))
    .orderBy(desc(cycles.updatedAt)))
    .map((row) => {
      const cycle = toCycle(row);
      return { ...cycle, gaps: findGaps(cycle, docs.filter((d) => d.cycleId === cycle.id)) };
    });
}

export async function cycleBoard(db: Db, viewer: Viewer, row: CycleRow): Promise<CycleBoard> {
  const cycle = toCycle(row);
  // Gaps are worked out from the team's shared work; what is listed is what the viewer may open.
  const all = await sharedWork(db, row.teamId, row.id);
  const docs = await listDocuments(db, viewer, row.teamId, { cycleId: row.id });
  const lastRound = Math.max(cycle.round, ...docs.map((d) => d.round ?? 1));
  const rounds = Array.from({ length: lastRound }, (_, i) => {
    const round = i + 1;
    const phases = Object.fromEntries(Phases.map((p) => [p, [] as DocumentSummary[]])) as Record<Phase, DocumentSummary[]>;
    for (const d of docs) if ((d.round ?? 1) === round) phases[phaseOfKind[d.kind]].push(d);
    // Revising a round shows the plan it led to: the next round's plan, made from this one.
    phases.revise = docs.filter((d) => d.kind === 'lesson_plan' && d.round === round + 1);
    return { round, phases };
  });
  return { cycle, rounds, gaps: findGaps(cycle, all), origin: await cycleOrigin(db, row.originPublishedId) };
}

export async function findCycle(db: Db, cycleId: string): Promise<Cycle | null> {
  const row = await findCycleRow(db, cycleId);
  return row ? toCycle(row) : null;
}

type CyclePatch = Partial<Pick<CycleRow, 'title' | 'researchQuestion' | 'tags' | 'phase' | 'plannedRounds' | 'closedAt' | 'observationRetentionDays'>>;

/** Changes what the patch names; an empty patch changes nothing (not even the time). */
export async function updateCycle(db: Db, row: CycleRow, patch: CyclePatch): Promise<Cycle> {
  patch = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(patch).length === 0) return toCycle(row);
  const next = { ...row, ...patch, updatedAt: new Date() };
  await db.update(cycles).set({ ...patch, updatedAt: next.updatedAt }).where(eq(cycles.id, row.id));
  return toCycle(next);
}

/**
 * Starts the next round: the round's plan, as revised, is copied into a new plan for the next
 * round (linked to the one it came from, titled for its round), and the cycle goes back to
 * planning. A round without a plan has nothing to revise: that is refused.
 */
export async function advanceCycle(db: Db, sync: SyncServer, viewer: Viewer, row: CycleRow, locale: Locale) {
  const userId = viewer.userId;
  const current = (await db
    .select()
    .from(documents)
    .where(
      and(eq(documents.cycleId, row.id), eq(documents.kind, 'lesson_plan'), eq(documents.round, row.round), isNull(documents.archivedAt), visibleTo(viewer)),
    )
    .orderBy(desc(documents.updatedAt)))[0];
  if (!current) throw new AppError(409, 'cycle_without_plan', `Round ${row.round} has no lesson plan to start the next round from`);
  const state = await sync.readState(current.id);
  return await db.transaction(async (tx) => {
    const fresh = (await tx.select().from(cycles).where(eq(cycles.id, row.id)))[0];
    if (!fresh) throw notFound('Cycle not found');
    const round = fresh.round + 1;
    const updatedAt = new Date();
    // Moves on only from the round the plan above was taken from: of two requests racing (a double
    // click, two members), one starts the next round and the other is told it has started.
    const moved = await tx.update(cycles)
      .set({ round, phase: 'plan', plannedRounds: Math.max(fresh.plannedRounds, round), updatedAt })
      .where(and(eq(cycles.id, fresh.id), eq(cycles.round, row.round)));
    if (rowsChanged(moved) !== 1) throw new AppError(409, 'conflict', `Round ${row.round + 1} has been started already`);
    const plan = await createDocument(tx, {
      teamId: fresh.teamId,
      createdBy: userId,
      kind: 'lesson_plan',
      title: roundTitle(current.title, round, locale),
      cycleId: fresh.id,
      round,
      tags: current.tags,
      derivedFrom: current.id,
      state,
    });
    return { cycle: toCycle({ ...fresh, round, phase: 'plan', plannedRounds: Math.max(fresh.plannedRounds, round), updatedAt }), plan };
  });
}

/**
 * Before a cycle changes phase, every document of its current round is kept as an automatic
 * version named after the moment ("phase:<from>:<round>"), unless it has not changed since.
 */
export async function versionCycleDocuments(db: Db, sync: SyncServer, row: CycleRow, userId: string): Promise<number> {
  const docs = (await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.cycleId, row.id), eq(documents.round, row.round), isNull(documents.archivedAt))));
  let made = 0;
  for (const doc of docs) {
    if (await createVersion(db, sync, doc.id, `phase:${row.phase}:${row.round}`, userId, true)) made++;
  }
  return made;
}

/**
 * Moves the cycle on when the team's work shows its current round has got further (see
 * `phaseReachedBy`): never backwards, never for another round. Like a manual phase change, the
 * round's documents are kept as automatic versions first, and the team's activity says so.
 */
export async function followWork(
  db: Db,
  sync: SyncServer,
  work: { cycleId: string | null; round: number | null; what: keyof typeof phaseReachedBy },
  userId: string,
): Promise<void> {
  const to = phaseReachedBy[work.what];
  if (!to || !work.cycleId) return;
  const row = await findCycleRow(db, work.cycleId);
  if (!row || row.archivedAt || (work.round ?? row.round) !== row.round) return;
  if (Phases.indexOf(to) <= Phases.indexOf(row.phase as Phase)) return;
  await versionCycleDocuments(db, sync, row, userId);
  const fresh = await findCycleRow(db, work.cycleId);
  if (!fresh || Phases.indexOf(to) <= Phases.indexOf(fresh.phase as Phase)) return;
  const cycle = await updateCycle(db, fresh, { phase: to });
  await recordActivity(db, { teamId: cycle.teamId, actorId: userId, verb: 'cycle.phase', cycleId: cycle.id, summary: { title: cycle.title, phase: cycle.phase } });
}
