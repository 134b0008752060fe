import { and, asc, count, eq } from 'drizzle-orm';
import { CloseCode } from '../../shared/close-codes';
import { collabPermission, type Role } from '../../shared/roles';
import type { Member } from '../../shared/schemas/members';
import type { Db, DbOrTx } from '../db/open';
import { lockRow } from '../db/row-lock';
import { memberships, teams, users } from '../db/schema';
import { AppError, notFound } from '../errors';
import type { SyncServer } from '../sync/sync-server';

export async function listMembers(db: DbOrTx, teamId: string, withEmail: boolean): Promise<Member[]> {
  return (await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(memberships.userId, users.id))
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(users.name)))
    .map((m) => ({
      userId: m.userId,
      name: m.name,
      ...(withEmail ? { email: m.email } : {}),
      role: m.role as Role,
      joinedAt: m.joinedAt.toISOString(),
    }));
}

async function currentRole(db: DbOrTx, teamId: string, userId: string): Promise<Role> {
  const row = (await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId))))[0];
  if (!row) throw notFound('Member not found');
  return row.role as Role;
}

/**
 * A team always keeps at least one leader, so someone can still manage it. Called in the
 * transaction that changes the membership, after `lockRow(tx, teams, teamId)`: two leaders
 * stepping down at once are then decided one after the other, and the second one is refused.
 */
async function assertNotLastLeader(db: DbOrTx, teamId: string, userId: string): Promise<void> {
  if (await currentRole(db, teamId, userId) !== 'leader') return;
  const leaders = (await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'leader'))))[0]!.n;
  if (leaders <= 1) throw new AppError(409, 'last_leader', 'A team needs at least one leader');
}

/**
 * Changes a member's role. Their open sockets on the team's documents are closed at once if the
 * change alters what a socket may do; the editor reconnects with the new permission.
 */
export async function changeRole(db: Db, sync: SyncServer, teamId: string, userId: string, role: Role): Promise<{ member: Member; previous: Role }> {
  const member = await db.transaction(async (tx) => {
    await lockRow(tx, teams, teamId);
    const previous = await currentRole(tx, teamId, userId);
    if (previous !== role && role !== 'leader') await assertNotLastLeader(tx, teamId, userId);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
    return { previous, member: (await listMembers(tx, teamId, true)).find((m) => m.userId === userId)! };
  });
  if (collabPermission(member.previous) !== collabPermission(role)) {
    sync.revoke({ teamId, userId }, CloseCode.PERMISSION_CHANGED, 'permission changed');
  }
  return member;
}

/** Removes a member (or lets one leave) and closes their sockets on the team's documents. */
export async function removeMember(db: Db, sync: SyncServer, teamId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRow(tx, teams, teamId);
    await assertNotLastLeader(tx, teamId, userId);
    await tx.delete(memberships).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  });
  sync.revoke({ teamId, userId }, CloseCode.ACCESS_REVOKED, 'access revoked');
}
