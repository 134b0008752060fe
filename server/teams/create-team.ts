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
export function createTeam(db: DbOrTx, userId: string, body: CreateTeamBody): Team {
  return db.transaction((tx) => {
    const now = new Date();
    const orgUnit = body.orgUnitId === undefined ? null : orgUnitsOf(tx, userId).find((u) => u.id === body.orgUnitId);
    if (orgUnit === undefined) throw new AppError(400, 'validation_failed', 'That school is not among those your sign-in vouches for');
    let school = orgUnit
      ? tx.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.feideOrgId, orgUnit.id)).get()
      : tx
          .select({ id: schools.id, name: schools.name })
          .from(schools)
          .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, schools.id), eq(schoolAdmins.userId, userId)))
          .where(eq(schools.name, body.school!))
          .get();
    if (!school) {
      school = { id: newId(), name: orgUnit?.name ?? body.school! };
      tx.insert(schools).values({ ...school, feideOrgId: orgUnit?.id ?? null, createdAt: now }).run();
      tx.insert(schoolAdmins).values({ schoolId: school.id, userId, createdAt: now }).run();
    }
    const team = { id: newId(), schoolId: school.id, name: body.name, focus: '', focusTags: [] as string[], createdAt: now };
    tx.insert(teams).values(team).run();
    tx.insert(memberships).values({ teamId: team.id, userId, role: 'leader', createdAt: now }).run();
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
