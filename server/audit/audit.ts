import { and, desc, eq, gte, lt, or } from 'drizzle-orm';
import { Retention } from '../../shared/privacy';
import type { AuditAction, AuditDetail, AuditEvent, AuditTarget } from '../../shared/audit';
import type { AuditQuery } from '../../shared/schemas/audit';
import { type DbOrTx, rowsChanged } from '../db/open';
import { auditEvents, users } from '../db/schema';
import { newId } from '../ids';

/** Who did it and from where: the signed-in person (null for the retention job) and their address. */
export interface Actor {
  userId: string | null;
  address: string | null;
}

export interface NewAuditEvent {
  teamId: string;
  action: AuditAction;
  targetType: AuditTarget;
  targetId?: string | null;
  detail?: AuditDetail;
}

export async function recordAudit(db: DbOrTx, actor: Actor, event: NewAuditEvent, at = new Date()): Promise<void> {
  await db.insert(auditEvents)
    .values({
      id: newId(),
      teamId: event.teamId,
      actorId: actor.userId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      detail: event.detail ?? {},
      address: actor.address,
      createdAt: at,
    });
}

/** Reads of the same document by the same person within this window are one event (reconnects, polling). */
const READ_WINDOW_MS = 10 * 60_000;

/** A read of raw observation notes: recorded once per person, document and 10 minutes. */
export async function recordRead(db: DbOrTx, actor: Actor, event: NewAuditEvent & { targetId: string }, at = new Date()): Promise<void> {
  const recent = (await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, event.action),
        eq(auditEvents.targetId, event.targetId),
        actor.userId ? eq(auditEvents.actorId, actor.userId) : undefined,
        gte(auditEvents.createdAt, new Date(at.getTime() - READ_WINDOW_MS)),
      ),
    ))[0];
  if (!recent) await recordAudit(db, actor, event, at);
}

/** The team's audit log, newest first, filtered. */
export async function listAudit(db: DbOrTx, teamId: string, query: AuditQuery): Promise<AuditEvent[]> {
  const cursor = query.before
    ? (await db.select({ at: auditEvents.createdAt }).from(auditEvents).where(and(eq(auditEvents.id, query.before), eq(auditEvents.teamId, teamId))))[0]
    : undefined;
  return (await db
    .select({ e: auditEvents, actorName: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.teamId, teamId),
        query.action ? eq(auditEvents.action, query.action) : undefined,
        query.actorId ? eq(auditEvents.actorId, query.actorId) : undefined,
        query.targetId ? eq(auditEvents.targetId, query.targetId) : undefined,
        query.from ? gte(auditEvents.createdAt, new Date(query.from)) : undefined,
        query.to ? lt(auditEvents.createdAt, new Date(query.to)) : undefined,
        cursor
          ? or(lt(auditEvents.createdAt, cursor.at), and(eq(auditEvents.createdAt, cursor.at), lt(auditEvents.id, query.before!)))
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(query.limit))
    .map(({ e, actorName }) => ({
      id: e.id,
      action: e.action as AuditAction,
      actorId: e.actorId,
      actorName,
      targetType: e.targetType as AuditTarget,
      targetId: e.targetId,
      detail: e.detail,
      address: e.address,
      createdAt: e.createdAt.toISOString(),
    }));
}

/** Audit events are kept 12 months. */
export async function deleteOldAuditEvents(db: DbOrTx, now: Date): Promise<number> {
  return rowsChanged(await db.delete(auditEvents).where(lt(auditEvents.createdAt, new Date(now.getTime() - Retention.auditDays * 86_400_000))));
}
