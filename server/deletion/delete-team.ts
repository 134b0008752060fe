import { and, count, eq, ne } from 'drizzle-orm';
import type { DeletionResult } from '../../shared/schemas/data';
import { type Actor, recordAudit } from '../audit/audit';
import type { DbOrTx } from '../db/open';
import { auditEvents, documents, schoolAdmins, schools, teams } from '../db/schema';
import { AppError, notFound } from '../errors';
import { countContent, documentIdsWhere, type EraseDeps, eraseWith } from './erase';

/** The typed confirmation must be the team's (or cycle's) name; a slip answers 400 and deletes nothing. */
export function assertConfirmed(typed: string, name: string, what: string): void {
  if (typed.trim() !== name.trim()) {
    throw new AppError(400, 'validation_failed', `Type the ${what}'s name exactly to confirm`, { issues: [{ path: 'confirm', message: 'does not match' }] });
  }
}

/**
 * Deletes a team and every row and byte of its content: documents with their update logs, states,
 * versions, threads, comments, inbox items and activity, its cycles, members, invitations and audit
 * log. One audit event stays (who deleted which team id, when, from where), kept 12 months.
 */
export async function deleteTeam(deps: EraseDeps, teamId: string, actor: Actor): Promise<DeletionResult> {
  const documentIds = await documentIdsWhere(deps.db, documents.teamId, teamId);
  return eraseWith(deps, documentIds, async (tx) => {
    const team = (await tx.select({ schoolId: teams.schoolId }).from(teams).where(eq(teams.id, teamId)))[0];
    if (!team) throw notFound('Team not found');
    const result = await countContent(tx, documentIds);
    await tx.delete(auditEvents).where(eq(auditEvents.teamId, teamId));
    await tx.delete(teams).where(eq(teams.id, teamId));
    await deleteSchoolIfEmpty(tx, team.schoolId, teamId);
    await recordAudit(tx, actor, { teamId, action: 'team.deleted', targetType: 'team', targetId: teamId, detail: { ...result } });
    return result;
  });
}

/** A school whose last team is gone keeps nothing: its name and administrators go too. */
async function deleteSchoolIfEmpty(tx: DbOrTx, schoolId: string, deletedTeamId: string): Promise<void> {
  const left = (await tx
    .select({ n: count() })
    .from(teams)
    .where(and(eq(teams.schoolId, schoolId), ne(teams.id, deletedTeamId))))[0]!.n;
  if (left > 0) return;
  await tx.delete(schoolAdmins).where(eq(schoolAdmins.schoolId, schoolId));
  await tx.delete(schools).where(eq(schools.id, schoolId));
}
