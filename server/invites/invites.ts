import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Role } from '../../shared/roles';
import type { CreatedInvite, CreateInviteBody, Invite, InvitePreview } from '../../shared/schemas/invites';
import { recordActivity } from '../activity/activity';
import { recordAudit } from '../audit/audit';
import { hashToken, newToken } from '../auth/tokens';
import { type Db, type DbOrTx, rowsChanged } from '../db/open';
import { invites, memberships, schools, teams } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';

type InviteRow = typeof invites.$inferSelect;

const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  role: row.role as Role,
  expiresAt: row.expiresAt.toISOString(),
  maxUses: row.maxUses,
  uses: row.uses,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** A link that lets whoever holds it join the team with `role`, until it expires or is used up. */
export async function createInvite(db: Db, teamId: string, createdBy: string, body: CreateInviteBody, origin: string): Promise<CreatedInvite> {
  const token = newToken();
  const now = new Date();
  const row: InviteRow = {
    id: newId(),
    teamId,
    tokenHash: hashToken(token),
    role: body.role,
    maxUses: body.maxUses,
    uses: 0,
    createdBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + body.expiresInDays * 86_400_000),
    revokedAt: null,
  };
  await db.insert(invites).values(row);
  return { ...toInvite(row), token, url: `${origin}/invite/${token}` };
}

export async function listActiveInvites(db: Db, teamId: string): Promise<Invite[]> {
  return (await db
    .select()
    .from(invites)
    .where(
      and(
        eq(invites.teamId, teamId),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, new Date()),
        lt(invites.uses, invites.maxUses),
      ),
    )
    .orderBy(desc(invites.createdAt)))
    .map(toInvite);
}

export async function revokeInvite(db: Db, teamId: string, inviteId: string): Promise<boolean> {
  const result = (await db
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.id, inviteId), eq(invites.teamId, teamId), isNull(invites.revokedAt))));
  return rowsChanged(result) > 0;
}

/** The invite behind a token if it can still be used; otherwise null (however it failed). */
export async function findUsableInvite(db: DbOrTx, token: string): Promise<InviteRow | null> {
  const row = (await db.select().from(invites).where(eq(invites.tokenHash, hashToken(token))))[0];
  if (!row || row.revokedAt || row.expiresAt <= new Date() || row.uses >= row.maxUses) return null;
  return row;
}

export async function previewInvite(db: Db, token: string): Promise<InvitePreview | null> {
  const invite = await findUsableInvite(db, token);
  if (!invite) return null;
  const team = (await db
    .select({ teamName: teams.name, schoolName: schools.name })
    .from(teams)
    .innerJoin(schools, eq(teams.schoolId, schools.id))
    .where(eq(teams.id, invite.teamId)))[0]!;
  return { ...team, role: invite.role as Role, expiresAt: invite.expiresAt.toISOString() };
}

/**
 * Joins the invite's team. Someone already in the team keeps their role (an old link never
 * demotes anyone), does not use up the link, and may use it again to find the team.
 *
 * Safe when requests race, on either database: the membership is inserted only if absent (the
 * same person accepting twice at once joins once), and a use is counted only by an update that
 * checks the link is still usable (so a one-use link lets one person in, however many race).
 */
export async function acceptInvite(db: DbOrTx, token: string, userId: string, address: string | null): Promise<{ teamId: string; role: Role }> {
  return await db.transaction(async (tx) => {
    const row = (await tx.select().from(invites).where(eq(invites.tokenHash, hashToken(token))))[0];
    const existing = row
      ? (await tx
          .select({ role: memberships.role })
          .from(memberships)
          .where(and(eq(memberships.teamId, row.teamId), eq(memberships.userId, userId))))[0]
      : undefined;
    if (row && existing) return { teamId: row.teamId, role: existing.role as Role };
    const invite = await findUsableInvite(tx, token);
    if (!invite) throw new AppError(404, 'not_found', 'This invitation is not valid any more');
    const joined = await tx.insert(memberships)
      .values({ teamId: invite.teamId, userId, role: invite.role, createdAt: new Date() })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (joined.length === 0) {
      // They joined a moment ago, through another request: as above, the link is not used up.
      const now = (await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.teamId, invite.teamId), eq(memberships.userId, userId))))[0]!;
      return { teamId: invite.teamId, role: now.role as Role };
    }
    const used = await tx.update(invites)
      .set({ uses: sql`${invites.uses} + 1` })
      .where(and(eq(invites.id, invite.id), isNull(invites.revokedAt), gt(invites.expiresAt, new Date()), lt(invites.uses, invites.maxUses)));
    // Used up (or revoked) by someone else meanwhile: the membership above is rolled back.
    if (rowsChanged(used) !== 1) throw new AppError(404, 'not_found', 'This invitation is not valid any more');
    await recordActivity(tx, { teamId: invite.teamId, actorId: userId, verb: 'member.joined', summary: { role: invite.role } });
    await recordAudit(tx, { userId, address }, { teamId: invite.teamId, action: 'invite.accepted', targetType: 'invite', targetId: invite.id, detail: { role: invite.role } });
    return { teamId: invite.teamId, role: invite.role as Role };
  });
}
