import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { lessonClocks } from '../db/schema';

/** A clock started on a device that was offline is believed this far back, no further. */
const MAX_START_AGE_MS = 12 * 60 * 60_000;

/** When the lesson's shared clock started, or null if nobody has started it. */
export async function lessonClock(db: Db, planId: string): Promise<number | null> {
  return (await db.select({ at: lessonClocks.startedAt }).from(lessonClocks).where(eq(lessonClocks.planId, planId)))[0]?.at.getTime() ?? null;
}

/**
 * Starts the lesson's clock, once: whoever starts it first sets it for everyone, and a later start
 * gets the clock that is already running. `requestedAt` is when an offline device started it.
 */
export async function startLessonClock(db: Db, planId: string, userId: string, requestedAt?: number, now = Date.now()): Promise<number> {
  const at = requestedAt !== undefined && requestedAt <= now && requestedAt >= now - MAX_START_AGE_MS ? requestedAt : now;
  await db.insert(lessonClocks).values({ planId, startedAt: new Date(at), startedBy: userId }).onConflictDoNothing();
  return (await lessonClock(db, planId))!;
}
