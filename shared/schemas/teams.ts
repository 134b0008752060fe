import { z } from 'zod';
import { Limits } from '../limits';
import type { Role } from '../roles';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

export const createTeamBody = z.strictObject({
  name: trimmed(Limits.teamName.min, Limits.teamName.max),
  school: trimmed(Limits.schoolName.min, Limits.schoolName.max),
});
export type CreateTeamBody = z.infer<typeof createTeamBody>;

export interface Team {
  id: string;
  name: string;
  school: { id: string; name: string };
  /** The caller's role in this team. */
  role: Role;
  createdAt: string;
}
