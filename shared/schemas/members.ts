import { z } from 'zod';
import { type Role, Roles } from '../roles';

export const updateMemberBody = z.strictObject({ role: z.enum(Roles) });

export interface Member {
  userId: string;
  name: string;
  /** Shown to the team's teachers; to guests and viewers only if the team chose so. */
  email?: string;
  role: Role;
  joinedAt: string;
}
