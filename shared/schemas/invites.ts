import { z } from 'zod';
import { Limits } from '../limits';
import { type Role, Roles } from '../roles';

export const createInviteBody = z.strictObject({
  role: z.enum(Roles),
  expiresInDays: z.number().int().min(1).max(Limits.invite.maxDays).default(7),
  maxUses: z.number().int().min(1).max(Limits.invite.maxUses).default(1),
});
export type CreateInviteBody = z.infer<typeof createInviteBody>;

export interface Invite {
  id: string;
  role: Role;
  expiresAt: string;
  maxUses: number;
  uses: number;
  createdBy: string;
  createdAt: string;
}

/** Returned once, when the invite is made: the token is not stored, only its hash. */
export interface CreatedInvite extends Invite {
  token: string;
  url: string;
}

/** What someone holding the link sees before accepting. */
export interface InvitePreview {
  teamName: string;
  schoolName: string;
  role: Role;
  expiresAt: string;
}
