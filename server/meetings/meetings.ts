import { eq } from 'drizzle-orm';
import type { DocumentKind } from '../../shared/document-kinds';
import { type Meeting, type MeetingStep, meetingProtocol } from '../../shared/meeting';
import type { Db } from '../db/open';
import { meetings, users } from '../db/schema';
import { badRequest } from '../errors';

export async function findMeeting(db: Db, documentId: string): Promise<Meeting | null> {
  const row = (await db
    .select({ m: meetings, name: users.name })
    .from(meetings)
    .innerJoin(users, eq(users.id, meetings.facilitatorId))
    .where(eq(meetings.documentId, documentId)))[0];
  if (!row) return null;
  return {
    documentId,
    facilitatorId: row.m.facilitatorId,
    facilitatorName: row.name,
    step: row.m.step as MeetingStep,
    stepStartedAt: row.m.stepStartedAt.toISOString(),
    startedAt: row.m.startedAt.toISOString(),
    endedAt: row.m.endedAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
  };
}

/** Starts (or restarts) the meeting with the caller facilitating, at the first step of its kind's protocol. Ask policies.authorizeMeetingStart first. */
export async function startMeeting(db: Db, documentId: string, kind: DocumentKind, userId: string): Promise<Meeting> {
  const now = new Date();
  const step = meetingProtocol(kind)[0]!;
  await db.insert(meetings)
    .values({ documentId, facilitatorId: userId, step, stepStartedAt: now, startedAt: now, endedAt: null })
    .onConflictDoUpdate({ target: meetings.documentId, set: { facilitatorId: userId, step, stepStartedAt: now, startedAt: now, endedAt: null } });
  return (await findMeeting(db, documentId))!;
}

export interface MeetingChange {
  step?: MeetingStep | undefined;
  facilitatorId?: string | undefined;
  ended?: true | undefined;
}

/**
 * Moves the meeting on, hands it over or ends it. Ask policies.authorizeMeetingChange first.
 * Asking for what already holds (the current step again: a double click) changes nothing.
 */
export async function updateMeeting(db: Db, current: Meeting, kind: DocumentKind, change: MeetingChange): Promise<Meeting> {
  if (change.step && !meetingProtocol(kind).includes(change.step)) {
    throw badRequest(`A meeting on this document has no step "${change.step}"`, { issues: [{ path: 'step', message: 'not a step of this meeting' }] });
  }
  const now = new Date();
  const values = {
    ...(change.step && change.step !== current.step ? { step: change.step, stepStartedAt: now } : {}),
    ...(change.facilitatorId && change.facilitatorId !== current.facilitatorId ? { facilitatorId: change.facilitatorId } : {}),
    ...(change.ended && current.endedAt === null ? { endedAt: now } : {}),
  };
  if (Object.keys(values).length === 0) return current;
  await db.update(meetings).set(values).where(eq(meetings.documentId, current.documentId));
  return (await findMeeting(db, current.documentId))!;
}
