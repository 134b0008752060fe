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
import { type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';
import { readNotes } from './lesson';
import { lessonClock } from './lesson-clock';

/** The observation documents made from a plan (one per observer) that `viewer` may see, with their observers. */
export async function lessonObservations(db: Db, viewer: Viewer, planId: string) {
  return (await db
    .select({ doc: documents, observerName: users.name })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.createdBy))
    .where(and(eq(documents.derivedFrom, planId), eq(documents.kind, 'observation'), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(asc(documents.createdAt)))
    .map((r) => ({ ...toDocumentSummary(r.doc), observerName: r.observerName ?? '' }));
}

/** This observer's observation document for the plan's lesson, made on first use. */
export async function observationFor(db: Db, plan: DocumentSummary, user: { id: string; name: string }, locale: Locale) {
  const mine = (await lessonObservations(db, { userId: user.id }, plan.id)).find((o) => o.createdBy === user.id);
  if (mine) return { document: mine, created: false };
  const document = await createDocument(db, {
    teamId: plan.teamId,
    createdBy: user.id,
    kind: 'observation',
    title: `${documentKindLabels.observation[locale]}: ${plan.title} – ${user.name}`,
    cycleId: plan.cycleId ?? undefined,
    round: plan.round ?? undefined,
    derivedFrom: plan.id,
    locale,
  });
  await recordActivity(db, { teamId: plan.teamId, actorId: user.id, verb: 'document.created', documentId: document.id, summary: { title: document.title, kind: 'observation' } });
  return { document: { ...document, observerName: user.name }, created: true };
}

/** Every observer's notes for the lesson that `viewer` may see, merged in time order. */
export async function lessonTimeline(db: Db, sync: SyncServer, viewer: Viewer, planId: string): Promise<TimelineNote[]> {
  const notes: TimelineNote[] = [];
  const clock = await lessonClock(db, planId);
  for (const obs of await lessonObservations(db, viewer, planId)) {
    for (const note of readNotes(await sync.readState(obs.id)).notes) {
      notes.push({ ...note, minute: lessonMinute(note, clock), documentId: obs.id, observerName: obs.observerName, observerId: obs.createdBy ?? note.observerId });
    }
  }
  return notes.toSorted((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** The plan a document belongs to as a lesson (itself, the plan it observes, or its round's plan), if `viewer` may see it. */
export async function lessonPlanOf(db: Db, viewer: Viewer, doc: DocumentSummary): Promise<DocumentSummary | null> {
  if (doc.kind === 'lesson_plan') return doc;
  if (doc.kind === 'observation' && doc.derivedFrom) {
    const plan = (await db
      .select()
      .from(documents)
      .where(and(eq(documents.id, doc.derivedFrom), visibleTo(viewer))))[0];
    return plan ? toDocumentSummary(plan) : null;
  }
  if (!doc.cycleId || doc.round === null) return null;
  // The round's lesson is the team's plan: someone's private draft of a plan is not it, even for its author.
  const plan = (await db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.cycleId, doc.cycleId),
        eq(documents.round, doc.round),
        eq(documents.kind, 'lesson_plan'),
        isNull(documents.archivedAt),
        eq(documents.visibility, 'team'),
        visibleTo(viewer),
      ),
    )
    .orderBy(asc(documents.createdAt)))[0];
  return plan ? toDocumentSummary(plan) : null;
}
