import { asc, eq } from 'drizzle-orm';
import type { Team } from '../../shared/schemas/teams';
import type { Db } from '../db/open';
import { schools, teams } from '../db/schema';

const columns = {
  id: teams.id,
  name: teams.name,
  createdAt: teams.createdAt,
  schoolId: schools.id,
  schoolName: schools.name,
};

type Row = { id: string; name: string; createdAt: Date; schoolId: string; schoolName: string };
const toTeam = (r: Row): Team => ({
  id: r.id,
  name: r.name,
  school: { id: r.schoolId, name: r.schoolName },
  createdAt: r.createdAt.toISOString(),
});

export function findTeam(db: Db, teamId: string): Team | null {
  const row = db.select(columns).from(teams).innerJoin(schools, eq(teams.schoolId, schools.id)).where(eq(teams.id, teamId)).get();
  return row ? toTeam(row) : null;
}

export function listTeams(db: Db): Team[] {
  return db
    .select(columns)
    .from(teams)
    .innerJoin(schools, eq(teams.schoolId, schools.id))
    .orderBy(asc(teams.name))
    .all()
    .map(toTeam);
}
