import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Activity, ActivityVerb } from '../../shared/schemas/activity';
import type { DbOrTx } from '../db/open';
import { activities, documents, users } from '../db/schema';
import { newId } from '../ids';
import { type Viewer, visibleTo } from '../policies';

interface NewActivity {
  teamId: string;
  actorId: string | null;
  verb: ActivityVerb;
  documentId?: string | null;
  cycleId?: string | null;
  threadId?: string | null;
  summary?: Record<string, string | number>;
}

/** Edits are noted once per person and document within this window, not per keystroke. */
const EDIT_WINDOW_MS = 10 * 60_000;

export async function recordActivity(db: DbOrTx, activity: NewActivity): Promise<void> {
  const now = new Date();
  if (activity.verb === 'document.edited' && activity.documentId && activity.actorId) {
    const recent = (await db
      .select({ id: activities.id })
      .from(activities)
      .where(
        and(
          eq(activities.documentId, activity.documentId),
          eq(activities.actorId, activity.actorId),
          eq(activities.verb, 'document.edited'),
          gt(activities.createdAt, new Date(now.getTime() - EDIT_WINDOW_MS)),
        ),
      ))[0];
    if (recent) return;
  }
  await db.insert(activities)
    .values({
      id: newId(),
      teamId: activity.teamId,
      actorId: activity.actorId,
      verb: activity.verb,
      documentId: activity.documentId ?? null,
      cycleId: activity.cycleId ?? null,
      threadId: activity.threadId ?? null,
      summary: activity.summary ?? {},
      createdAt: now,
    });
}

export interface ActivityFilter {
  actorId?: string | undefined;
  verb?: ActivityVerb | undefined;
  documentId?: string | undefined;
  before?: Date | undefined;
  limit?: number;
}

/** The team's activity `viewer` may see: about cycles and the team, or about a document visible to them. */
export async function listActivity(db: DbOrTx, viewer: Viewer, teamId: string, filter: ActivityFilter = {}): Promise<Activity[]> {
  return (await db
    .select({ a: activities, actorName: users.name })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .leftJoin(documents, eq(documents.id, activities.documentId))
    .where(
      and(
        eq(activities.teamId, teamId),
        or(and(isNull(activities.documentId), isNull(activities.threadId)), visibleTo(viewer)),
        filter.actorId ? eq(activities.actorId, filter.actorId) : undefined,
        filter.verb ? eq(activities.verb, filter.verb) : undefined,
        filter.documentId ? eq(activities.documentId, filter.documentId) : undefined,
        filter.before ? lt(activities.createdAt, filter.before) : undefined,
      ),
    )
    .orderBy(desc(activities.createdAt))
    .limit(filter.limit ?? 50))
    .map(({ a, actorName }) => ({
      id: a.id,
      verb: a.verb as ActivityVerb,
      actorId: a.actorId,
      actorName,
      documentId: a.documentId,
      cycleId: a.cycleId,
      threadId: a.threadId,
      summary: a.summary,
      createdAt: a.createdAt.toISOString(),
    }));
}
