import { z } from 'zod';
import { type Role, Roles } from '../roles';

export const updateMemberBody = z.strictObject({ role: z.enum(Roles) });

export interface Member {
  userId: string;
  name: string;
  /** Only shown to leaders. */
  email?: string;
  role: Role;
  joinedAt: string;
}
