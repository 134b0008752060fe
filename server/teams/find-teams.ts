import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../shared/roles';
import type { Team } from '../../shared/schemas/teams';
import type { Db } from '../db/open';
import { teamCapabilities } from '../policies';
import { memberships, schools, teams } from '../db/schema';

const columns = {
  id: teams.id,
  name: teams.name,
  createdAt: teams.createdAt,
  schoolId: schools.id,
  schoolName: schools.name,
  role: memberships.role,
  focus: teams.focus,
  focusTags: teams.focusTags,
  memberEmailsVisibleToGuests: teams.memberEmailsVisibleToGuests,
};

type Row = {
  id: string;
  name: string;
  createdAt: Date;
  schoolId: string;
  schoolName: string;
  role: string;
  focus: string;
  focusTags: string[];
  memberEmailsVisibleToGuests: boolean;
};
const toTeam = (r: Row): Team => ({
  id: r.id,
  name: r.name,
  school: { id: r.schoolId, name: r.schoolName },
  role: r.role as Role,
  focus: r.focus,
  focusTags: r.focusTags,
  memberEmailsVisibleToGuests: r.memberEmailsVisibleToGuests,
  createdAt: r.createdAt.toISOString(),
  can: teamCapabilities(r.role as Role),
});

/** The team as `userId` sees it (with their role), or null if they are not in it. */
export async function findTeamForUser(db: Db, teamId: string, userId: string): Promise<Team | null> {
  const row = (await db
    .select(columns)
    .from(teams)
    .innerJoin(schools, eq(teams.schoolId, schools.id))
    .innerJoin(memberships, and(eq(memberships.teamId, teams.id), eq(memberships.userId, userId)))
    .where(eq(teams.id, teamId)))[0];
  return row ? toTeam(row) : null;
}

export async function listTeamsForUser(db: Db, userId: string): Promise<Team[]> {
  return (await db
    .select(columns)
    .from(memberships)
    .innerJoin(teams, eq(memberships.teamId, teams.id))
    .innerJoin(schools, eq(teams.schoolId, schools.id))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(teams.name)))
    .map(toTeam);
}
