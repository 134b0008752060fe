import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { CloseCode } from '../../shared/close-codes';
import type { SchoolLeaders, SchoolSummary } from '../../shared/schemas/schools';
import type { Db } from '../db/open';
import { lockRow } from '../db/row-lock';
import { memberships, schoolAdmins, schools, teams, users } from '../db/schema';
import { AppError } from '../errors';
import type { SyncServer } from '../sync/sync-server';

const granter = alias(users, 'granter');

/** The schools a person works in (a team of theirs is there) or leads. */
export async function listSchoolsFor(db: Db, userId: string): Promise<SchoolSummary[]> {
  const led = new Set(
    (await db
      .select({ id: schoolAdmins.schoolId })
      .from(schoolAdmins)
      .where(eq(schoolAdmins.userId, userId)))
      .map((r) => r.id),
  );
  const viaTeams = (await db
    .select({ id: schools.id })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(memberships.userId, userId)))
    .map((r) => r.id);
  const ids = [...new Set([...led, ...viaTeams])];
  if (ids.length === 0) return [];
  return (await db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(inArray(schools.id, ids))
    .orderBy(asc(schools.name)))
    .map((s) => ({ ...s, leader: led.has(s.id) }));
}

/** The school's leaders, and who else works in its teams (who could be made one). */
export async function listSchoolLeaders(db: Db, schoolId: string): Promise<SchoolLeaders> {
  const leaders = (await db
    .select({ userId: users.id, name: users.name, since: schoolAdmins.createdAt, grantedByName: granter.name })
    .from(schoolAdmins)
    .innerJoin(users, eq(users.id, schoolAdmins.userId))
    .leftJoin(granter, eq(granter.id, schoolAdmins.grantedBy))
    .where(eq(schoolAdmins.schoolId, schoolId))
    .orderBy(asc(users.name)));
  const leaderIds = leaders.map((l) => l.userId);
  const candidates = (await db
    .selectDistinct({ userId: users.id, name: users.name })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(teams.schoolId, schoolId), leaderIds.length ? notInArray(users.id, leaderIds) : undefined))
    .orderBy(asc(users.name)));
  return { leaders: leaders.map((l) => ({ ...l, since: l.since.toISOString() })), candidates };
}

/** Makes someone who works in the school one of its leaders (policies.authorizeLeaderCandidate first). */
export async function grantSchoolLeader(db: Db, schoolId: string, userId: string, grantedBy: string): Promise<void> {
  await db.insert(schoolAdmins).values({ schoolId, userId, grantedBy, createdAt: new Date() }).onConflictDoNothing();
}

/**
 * Ends someone's school leadership. The school keeps at least one leader. Their live sockets on the
 * school's discussions they saw only as a leader are closed: access is decided when a socket opens.
 */
export async function revokeSchoolLeader(db: Db, sync: SyncServer, schoolId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Two leaders ending each other's leadership at once: the second is decided after the first.
    await lockRow(tx, schools, schoolId);
    const leaders = (await tx.select({ userId: schoolAdmins.userId }).from(schoolAdmins).where(eq(schoolAdmins.schoolId, schoolId)));
    if (!leaders.some((l) => l.userId === userId)) throw new AppError(404, 'not_found', 'Not a leader of this school');
    if (leaders.length === 1) throw new AppError(409, 'last_leader', 'A school keeps at least one school leader');
    await tx.delete(schoolAdmins).where(and(eq(schoolAdmins.schoolId, schoolId), eq(schoolAdmins.userId, userId)));
  });
  const schoolTeams = (await db.select({ id: teams.id }).from(teams).where(eq(teams.schoolId, schoolId))).map((t) => t.id);
  sync.revoke({ userId, standing: 'school_leader', teamIds: schoolTeams }, CloseCode.ACCESS_REVOKED, 'school leadership ended');
}
