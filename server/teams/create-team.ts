import { and, eq } from 'drizzle-orm';
import type { CreateTeamBody, Team } from '../../shared/schemas/teams';
import type { DbOrTx } from '../db/open';
import { memberships, schoolAdmins, schools, teams } from '../db/schema';
import { orgUnitsOf } from '../account/account';
import { AppError } from '../errors';
import { newId } from '../ids';
import { teamCapabilities } from '../policies';

/**
 * Creates a team with its creator as leader. The team goes into a school the creator administers
 * by that name; otherwise a new school is made with the creator as its administrator. (Schools are
 * never joined by typing a name: that would let anyone attach a team to someone else's school.)
 * A school unit from the creator's Feide sign-in is different: Feide vouches that they belong to
 * it, so every team made for that unit goes into the same school.
 */
export async function createTeam(db: DbOrTx, userId: string, body: CreateTeamBody): Promise<Team> {
  return await db.transaction(async (tx) => {
    const now = new Date();
    const orgUnit = body.orgUnitId === undefined ? null : (await orgUnitsOf(tx, userId)).find((u) => u.id === body.orgUnitId);
    if (orgUnit === undefined) throw new AppError(400, 'validation_failed', 'That school is not among those your sign-in vouches for');
    let school = orgUnit
      ? (await tx.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.feideOrgId, orgUnit.id)))[0]
      : (await tx
          .select({ id: schools.id, name: schools.name })
          .from(schools)
          .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, schools.id), eq(schoolAdmins.userId, userId)))
          .where(eq(schools.name, body.school!)))[0];
    if (!school) {
      school = { id: newId(), name: orgUnit?.name ?? body.school! };
      await tx.insert(schools).values({ ...school, feideOrgId: orgUnit?.id ?? null, createdAt: now });
      await tx.insert(schoolAdmins).values({ schoolId: school.id, userId, createdAt: now });
    }
    const team = { id: newId(), schoolId: school.id, name: body.name, focus: '', focusTags: [] as string[], createdAt: now };
    await tx.insert(teams).values(team);
    await tx.insert(memberships).values({ teamId: team.id, userId, role: 'leader', createdAt: now });
    return {
      id: team.id,
      name: team.name,
      school,
      role: 'leader' as const,
      focus: '',
      focusTags: [],
      memberEmailsVisibleToGuests: false,
      createdAt: now.toISOString(),
      can: teamCapabilities('leader'),
    };
  });
}
