import { and, asc, eq, isNull } from 'drizzle-orm';
import { documentKindLabels } from '../../shared/document-kinds';
import type { Locale } from '../../shared/locale';
import type { DocumentSummary } from '../../shared/schemas/documents';
import { lessonMinute, type TimelineNote } from '../../shared/observation';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { documents, users } from '../db/schema';
import { createDocument } from '../documents/create-document';
import { toDocumentSummary } from '../documents/find-documents';
import type { SyncServer } from '../sync/sync-server';
import { readNotes } from './lesson';
import { lessonClock } from './lesson-clock';

/** The observation documents made from a plan (one per observer), with their observers. */
export function lessonObservations(db: Db, planId: string) {
  return db
    .select({ doc: documents, observerName: users.name })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.createdBy))
    .where(and(eq(documents.derivedFrom, planId), eq(documents.kind, 'observation'), isNull(documents.archivedAt)))
    .orderBy(asc(documents.createdAt))
    .all()
    .map((r) => ({ ...toDocumentSummary(r.doc), observerName: r.observerName ?? '' }));
}

/** This observer's observation document for the plan's lesson, made on first use. */
export function observationFor(db: Db, plan: DocumentSummary, user: { id: string; name: string }, locale: Locale) {
  const mine = lessonObservations(db, plan.id).find((o) => o.createdBy === user.id);
  if (mine) return { document: mine, created: false };
  const document = createDocument(db, {
    teamId: plan.teamId,
    createdBy: user.id,
    kind: 'observation',
    title: `${documentKindLabels.observation[locale]}: ${plan.title} – ${user.name}`,
    cycleId: plan.cycleId ?? undefined,
    round: plan.round ?? undefined,
    derivedFrom: plan.id,
    locale,
  });
  recordActivity(db, { teamId: plan.teamId, actorId: user.id, verb: 'document.created', documentId: document.id, summary: { title: document.title, kind: 'observation' } });
  return { document: { ...document, observerName: user.name }, created: true };
}

/** Every observer's notes for the lesson, merged in time order. */
export async function lessonTimeline(db: Db, sync: SyncServer, planId: string): Promise<TimelineNote[]> {
  const notes: TimelineNote[] = [];
  const clock = lessonClock(db, planId);
  for (const obs of lessonObservations(db, planId)) {
    for (const note of readNotes(await sync.readState(obs.id)).notes) {
      notes.push({ ...note, minute: lessonMinute(note, clock), documentId: obs.id, observerName: obs.observerName, observerId: obs.createdBy ?? note.observerId });
    }
  }
  return notes.toSorted((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** The plan a document belongs to as a lesson: itself, the plan it observes, or its round's plan. */
export function lessonPlanOf(db: Db, doc: DocumentSummary): DocumentSummary | null {
  if (doc.kind === 'lesson_plan') return doc;
  if (doc.kind === 'observation' && doc.derivedFrom) {
    const plan = db.select().from(documents).where(eq(documents.id, doc.derivedFrom)).get();
    return plan ? toDocumentSummary(plan) : null;
  }
  if (!doc.cycleId || doc.round === null) return null;
  const plan = db
    .select()
    .from(documents)
    .where(and(eq(documents.cycleId, doc.cycleId), eq(documents.round, doc.round), eq(documents.kind, 'lesson_plan'), isNull(documents.archivedAt)))
    .orderBy(asc(documents.createdAt))
    .get();
  return plan ? toDocumentSummary(plan) : null;
}
