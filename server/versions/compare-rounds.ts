/**
 * The plan of a later round against the plan of an earlier one (round 1 unless asked), block by
 * block: lesson-flow steps and case pupils matched by their row ids (kept when a plan is copied
 * into the next round), the observation focus as a whole. Each change carries the findings it is
 * linked to: a finding link in its text, or a finding whose evidence is about that row.
 */
import { diffWords } from 'diff';
import { and, asc, eq, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import { type RowBlockName, RowBlocks } from '../../shared/blocks/names';
import { findingLinksIn, readObservationFocus, readRows, rowElements } from '../../shared/blocks/read';
import type { DiffPart, LinkedFinding, RoundChange, RoundComparison } from '../../shared/schemas/round-compare';
import type { Db } from '../db/open';
import { documents } from '../db/schema';
import { AppError, notFound } from '../errors';
import { cycleFindings } from '../observation/findings';
import { type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';

/** Longer fields are compared as wholes: a word diff of a book is no help to anyone. */
const MAX_DIFF_CHARS = 4000;

export function diffText(older: string, newer: string): DiffPart[] {
  if (older.length > MAX_DIFF_CHARS || newer.length > MAX_DIFF_CHARS) {
    return [
      ...(older ? [{ op: 'removed' as const, text: older }] : []),
      ...(newer ? [{ op: 'added' as const, text: newer }] : []),
    ];
  }
  return diffWords(older, newer).map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

interface Row {
  id: string | null;
  values: Record<string, string>;
  links: LinkedFinding[];
}

function rowsOf(doc: Y.Doc, kind: RowBlockName): Row[] {
  const elements = rowElements(doc, kind);
  const block = elements[0]?.parent;
  if (!(block instanceof Y.XmlElement)) return [];
  return readRows(block, kind).map(({ id, ...values }, i) => ({ id, values: values as Record<string, string>, links: elements[i] ? findingLinksIn(elements[i]) : [] }));
}

/** Rows matched by id, then the rest by position: what a row was in the earlier round. */
function match(older: Row[], newer: Row[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const byId = new Map(older.flatMap((r, i) => (r.id ? [[r.id, i] as const] : [])));
  const used = new Set<number>();
  newer.forEach((r, j) => {
    const i = r.id ? byId.get(r.id) : undefined;
    if (i !== undefined && !used.has(i)) {
      pairs.set(j, i);
      used.add(i);
    }
  });
  newer.forEach((r, j) => {
    if (pairs.has(j) || r.id) return;
    if (j < older.length && !used.has(j) && !older[j]!.id) {
      pairs.set(j, j);
      used.add(j);
    }
  });
  return pairs;
}

type EvidenceFinding = LinkedFinding & { steps: number[] };

function compareRows(kind: RowBlockName, older: Row[], newer: Row[], evidence: EvidenceFinding[]): { changes: RoundChange[]; unchanged: number } {
  const fields = RowBlocks[kind].fields;
  const pairs = match(older, newer);
  const matchedOld = new Set(pairs.values());
  const changes: RoundChange[] = [];
  let unchanged = 0;
  // A finding about a step of the earlier plan, by the evidence under it.
  const aboutRow = (oldIndex: number | undefined): LinkedFinding[] =>
    kind === 'lessonFlow' && oldIndex !== undefined
      ? evidence.filter((f) => f.steps.includes(oldIndex)).map(({ reflectionId, text }) => ({ reflectionId, text }))
      : [];
  const linked = (...lists: LinkedFinding[][]) => {
    const seen = new Map<string, LinkedFinding>();
    for (const f of lists.flat()) seen.set(`${f.reflectionId}\u0000${f.text}`, f);
    return [...seen.values()];
  };
  newer.forEach((row, j) => {
    const i = pairs.get(j);
    const before = i === undefined ? undefined : older[i];
    const title = row.values[fields[0]] ?? '';
    if (!before) {
      changes.push({
        block: kind,
        rowId: row.id,
        index: j,
        status: 'added',
        title,
        fields: fields.filter((f) => row.values[f]).map((f) => ({ name: f, parts: [{ op: 'added', text: row.values[f]! }] })),
        findings: linked(row.links),
      });
      return;
    }
    const changed = fields.filter((f) => (before.values[f] ?? '') !== (row.values[f] ?? ''));
    if (changed.length === 0) {
      unchanged++;
      return;
    }
    changes.push({
      block: kind,
      rowId: row.id,
      index: j,
      status: 'changed',
      title,
      fields: changed.map((f) => ({ name: f, parts: diffText(before.values[f] ?? '', row.values[f] ?? '') })),
      findings: linked(row.links, aboutRow(i)),
    });
  });
  older.forEach((row, i) => {
    if (matchedOld.has(i)) return;
    changes.push({
      block: kind,
      rowId: row.id,
      index: i,
      status: 'removed',
      title: row.values[fields[0]] ?? '',
      fields: fields.filter((f) => row.values[f]).map((f) => ({ name: f, parts: [{ op: 'removed', text: row.values[f]! }] })),
      findings: aboutRow(i),
    });
  });
  return { changes, unchanged };
}

/** The plan of `round` in the plan's line (following what it was copied from), or of its cycle. */
async function earlierPlan(db: Db, viewer: Viewer, plan: { id: string; cycleId: string | null; derivedFrom: string | null }, round: number) {
  const find = async (id: string) =>
    (await db
      .select({ id: documents.id, title: documents.title, round: documents.round, cycleId: documents.cycleId, derivedFrom: documents.derivedFrom, kind: documents.kind })
      .from(documents)
      .where(and(eq(documents.id, id), visibleTo(viewer))))[0];
  let current = plan.derivedFrom ? await find(plan.derivedFrom) : undefined;
  for (let hops = 0; current && hops < 20; hops++) {
    if (current.kind === 'lesson_plan' && (current.round ?? 1) === round) return current;
    current = current.derivedFrom ? await find(current.derivedFrom) : undefined;
  }
  if (!plan.cycleId) return undefined;
  return (await db
    .select({ id: documents.id, title: documents.title, round: documents.round, cycleId: documents.cycleId, derivedFrom: documents.derivedFrom, kind: documents.kind })
    .from(documents)
    .where(and(eq(documents.cycleId, plan.cycleId), eq(documents.round, round), eq(documents.kind, 'lesson_plan'), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(asc(documents.createdAt)))[0];
}

const docFrom = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};

/** `planId`'s plan against its round `base` plan; refused for a plan of round `base` or earlier, or with no such plan. */
export async function compareRounds(db: Db, sync: SyncServer, viewer: Viewer, planId: string, base: number): Promise<RoundComparison> {
  const plan = (await db.select().from(documents).where(and(eq(documents.id, planId), visibleTo(viewer))))[0];
  if (!plan) throw notFound('Document not found');
  if (plan.kind !== 'lesson_plan' || (plan.round ?? 1) <= base) throw new AppError(409, 'no_earlier_round', `This is not a plan of a round after round ${base}`);
  const earlier = await earlierPlan(db, viewer, plan, base);
  if (!earlier) throw new AppError(409, 'no_earlier_round', `Round ${base} has no plan to compare with`);
  const [older, newer] = [docFrom(await sync.readState(earlier.id)), docFrom(await sync.readState(plan.id))];
  try {
    const findings = await cycleFindings(db, sync, viewer, { cycleId: plan.cycleId, round: (plan.round ?? 1) - 1 });
    // Evidence cards name the plan and the step (its place in that plan's flow) they are about.
    const evidence: EvidenceFinding[] = findings.map((f) => ({
      reflectionId: f.reflectionId,
      text: f.text,
      steps: f.evidence.filter((e) => !e.planId || e.planId === earlier.id).map((e) => Number(e.step)).filter((n) => Number.isInteger(n) && n >= 0),
    }));
    const flow = compareRows('lessonFlow', rowsOf(older, 'lessonFlow'), rowsOf(newer, 'lessonFlow'), evidence);
    const pupils = compareRows('casePupils', rowsOf(older, 'casePupils'), rowsOf(newer, 'casePupils'), evidence);
    const changes = [...flow.changes, ...pupils.changes];
    const [focusBefore, focusNow] = [readObservationFocus(older), readObservationFocus(newer)];
    if (focusBefore !== focusNow) {
      changes.push({ block: 'observationFocus', rowId: null, index: 0, status: 'changed', title: '', fields: [{ name: 'focus', parts: diffText(focusBefore, focusNow) }], findings: [] });
    }
    return {
      from: { planId: earlier.id, title: earlier.title, round: earlier.round ?? base },
      to: { planId: plan.id, title: plan.title, round: plan.round ?? base + 1 },
      changes,
      unchanged: flow.unchanged + pupils.unchanged,
    };
  } finally {
    older.destroy();
    newer.destroy();
  }
}
