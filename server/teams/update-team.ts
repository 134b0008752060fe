import { eq } from 'drizzle-orm';
import type { UpdateTeamBody } from '../../shared/schemas/teams';
import type { Db } from '../db/open';
import { teams } from '../db/schema';

/** Changes the team's name, focus and settings. Nothing to change is no change, not an error. */
export async function updateTeam(db: Db, teamId: string, patch: UpdateTeamBody): Promise<void> {
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(values).length === 0) return;
  await db.update(teams).set(values).where(eq(teams.id, teamId));
}
