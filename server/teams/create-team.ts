import { eq } from 'drizzle-orm';
import type { CreateTeamBody, Team } from '../../shared/schemas/teams';
import type { Db } from '../db/open';
import { schools, teams } from '../db/schema';
import { newId } from '../ids';

/** Creates a team, and its school if no school of that name exists yet. */
export function createTeam(db: Db, body: CreateTeamBody): Team {
  return db.transaction((tx) => {
    const now = new Date();
    let school = tx.select().from(schools).where(eq(schools.name, body.school)).get();
    if (!school) {
      school = { id: newId(), name: body.school, createdAt: now };
      tx.insert(schools).values(school).run();
    }
    const team = { id: newId(), schoolId: school.id, name: body.name, createdAt: now };
    tx.insert(teams).values(team).run();
    return { id: team.id, name: team.name, school: { id: school.id, name: school.name }, createdAt: now.toISOString() };
  });
}
