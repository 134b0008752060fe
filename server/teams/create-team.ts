import { and, eq } from 'drizzle-orm';
import type { CreateTeamBody, Team } from '../../shared/schemas/teams';
import type { DbOrTx } from '../db/open';
import { memberships, schoolAdmins, schools, teams } from '../db/schema';
import { newId } from '../ids';
import { teamCapabilities } from '../policies';

/**
 * Creates a team with its creator as leader. The team goes into a school the creator administers
 * by that name; otherwise a new school is made with the creator as its administrator. (Schools are
 * never joined by typing a name: that would let anyone attach a team to someone else's school.)
 */
export function createTeam(db: DbOrTx, userId: string, body: CreateTeamBody): Team {
  return db.transaction((tx) => {
    const now = new Date();
    let school = tx
      .select({ id: schools.id, name: schools.name })
      .from(schools)
      .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, schools.id), eq(schoolAdmins.userId, userId)))
      .where(eq(schools.name, body.school))
      .get();
    if (!school) {
      school = { id: newId(), name: body.school };
      tx.insert(schools).values({ ...school, createdAt: now }).run();
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
