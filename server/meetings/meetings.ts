import { and, eq } from 'drizzle-orm';
import type { Meeting, MeetingStep } from '../../shared/meeting';
import { roleCan, type Role } from '../../shared/roles';
import type { Db } from '../db/open';
import { meetings, memberships, users } from '../db/schema';
import { AppError } from '../errors';

export function findMeeting(db: Db, documentId: string): Meeting | null {
  const row = db
    .select({ m: meetings, name: users.name })
    .from(meetings)
    .innerJoin(users, eq(users.id, meetings.facilitatorId))
    .where(eq(meetings.documentId, documentId))
    .get();
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

/** Starts (or restarts) the discussion with the caller facilitating, at the first step. */
export function startMeeting(db: Db, documentId: string, userId: string): Meeting {
  const now = new Date();
  db.insert(meetings)
    .values({ documentId, facilitatorId: userId, step: 'thanks', stepStartedAt: now, startedAt: now, endedAt: null })
    .onConflictDoUpdate({ target: meetings.documentId, set: { facilitatorId: userId, step: 'thanks', stepStartedAt: now, startedAt: now, endedAt: null } })
    .run();
  return findMeeting(db, documentId)!;
}

/** Only the facilitator, or a team leader, moves the meeting on or hands it over. */
export function updateMeeting(
  db: Db,
  documentId: string,
  userId: string,
  role: Role,
  change: { step?: MeetingStep | undefined; facilitatorId?: string | undefined; ended?: true | undefined },
  teamId: string,
): Meeting {
  const current = findMeeting(db, documentId);
  if (!current) throw new AppError(404, 'not_found', 'No meeting is running on this document');
  if (current.facilitatorId !== userId && !roleCan(role, 'meeting.facilitate')) {
    throw new AppError(403, 'forbidden', 'Only the facilitator or a team leader can move the meeting on');
  }
  if (change.facilitatorId) {
    const member = db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, change.facilitatorId)))
      .get();
    if (!member) throw new AppError(400, 'validation_failed', 'The new facilitator is not in the team');
  }
  const now = new Date();
  db.update(meetings)
    .set({
      ...(change.step && change.step !== current.step ? { step: change.step, stepStartedAt: now } : {}),
      ...(change.facilitatorId ? { facilitatorId: change.facilitatorId } : {}),
      ...(change.ended ? { endedAt: now } : {}),
    })
    .where(eq(meetings.documentId, documentId))
    .run();
  return findMeeting(db, documentId)!;
}
