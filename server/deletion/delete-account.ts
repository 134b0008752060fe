import { and, count, eq, sql } from 'drizzle-orm';
import { CloseCode } from '../../shared/close-codes';
import { DELETED_USER_NAME } from '../../shared/privacy';
import { type Actor, recordAudit } from '../audit/audit';
import { isPostgres } from '../db/dialect';
import type { DbOrTx } from '../db/open';
import { lockRow } from '../db/row-lock';
import { documents, memberships, oidcLogins, teams, users } from '../db/schema';
import { AppError, notFound } from '../errors';
import { rewriteEvidence, renameObserver } from '../retention/redact-evidence';
import { deleteDocuments } from './delete-documents';
import { deleteTeam } from './delete-team';
import { checkpoint, type EraseDeps } from './erase';

export interface AccountDeletion {
  /** Teams deleted because nobody else was in them. */
  teamsDeleted: number;
  /** Private drafts deleted from teams that go on. */
  privateDocumentsDeleted: number;
}

/** The person's teams, and whether each goes on without them. */
async function teamsOf(db: DbOrTx, userId: string) {
  const mine = (await db
    .select({ teamId: memberships.teamId, role: memberships.role, name: teams.name })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId)));
  return Promise.all(mine.map(async (m) => {
    const others = (await db
      .select({ n: count(), leaders: sql<number>`count(*) filter (where ${memberships.role} = 'leader')` })
      .from(memberships)
      .where(and(eq(memberships.teamId, m.teamId), sql`${memberships.userId} <> ${userId}`)))[0]!;
    return { ...m, alone: others.n === 0, lastLeader: m.role === 'leader' && others.n > 0 && Number(others.leaders) === 0 };
  }));
}

function refuseIfLastLeader(teamsList: Array<{ teamId: string; name: string; lastLeader: boolean }>): void {
  const blocking = teamsList.filter((t) => t.lastLeader);
  if (blocking.length > 0) {
    throw new AppError(409, 'conflict', 'Make someone else leader of your teams first (or delete them)', {
      teams: blocking.map((t) => ({ id: t.teamId, name: t.name })),
    });
  }
}

/**
 * Deletes an account. Teams the person was alone in are deleted with everything in them; their
 * private drafts go; in teams that go on, what they wrote for the team stays, under the name
 * "slettet bruker". Refused while they are the last leader of a team others are still in.
 */
export async function deleteAccount(deps: EraseDeps, userId: string, actor: Actor): Promise<AccountDeletion> {
  const user = (await deps.db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0];
  if (!user) throw notFound('Account not found');
  const teamsList = await teamsOf(deps.db, userId);
  refuseIfLastLeader(teamsList);
  for (const team of teamsList.filter((t) => t.alone)) await deleteTeam(deps, team.teamId, actor);
  const remaining = teamsList.filter((t) => !t.alone);
  const drafts = (await deps.db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.createdBy, userId), eq(documents.visibility, 'private'))))
    .map((r) => r.id);
  await deleteDocuments(deps, drafts, actor);
  // Evidence cards carry their observer's name: in the teams that go on it becomes "slettet bruker".
  for (const team of remaining) await rewriteEvidence(deps, team.teamId, [user.name], (fragment) => renameObserver(fragment, user.name));

  await deps.db.transaction(async (tx) => {
    // Decided again with the teams locked: another leader may have stepped down meanwhile.
    for (const team of remaining) await lockRow(tx, teams, team.teamId);
    refuseIfLastLeader(await teamsOf(tx, userId));
    // Titles the server wrote with their name in them ("Observasjon: … – Name").
    await tx.update(documents)
      .set({ title: sql`replace(${documents.title}, ${user.name}, ${DELETED_USER_NAME})` })
      .where(eq(documents.createdBy, userId));
    // Every row that is about this person alone (sessions, memberships, visits, inbox, identities,
    // reset links, mail settings and queued mail…): the tables with a `user_id` column, so a table
    // added later is covered too. What they wrote for others (comments, threads) has other columns.
    const personal = await tx.values<[string]>(
      isPostgres(tx)
        ? sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'user_id'`
        : sql`select m.name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name = 'user_id'`,
    );
    for (const [name] of personal) await tx.run(sql`delete from ${sql.identifier(name)} where user_id = ${userId}`);
    await tx.delete(oidcLogins).where(eq(oidcLogins.linkUserId, userId));
    await tx.update(users)
      .set({ name: DELETED_USER_NAME, email: `deleted-${Buffer.from(userId, 'base64url').toString('hex')}@deleted.invalid`, passwordHash: '!', deletedAt: new Date() })
      .where(eq(users.id, userId));
    for (const team of remaining) {
      await recordAudit(tx, actor, { teamId: team.teamId, action: 'account.deleted', targetType: 'account', targetId: userId });
    }
  });
  await checkpoint(deps);
  deps.sync.revoke({ userId }, CloseCode.UNAUTHENTICATED, 'account deleted');
  return { teamsDeleted: teamsList.length - remaining.length, privateDocumentsDeleted: drafts.length };
}
