import { z } from 'zod';
import { type UserLanguage, UserLanguages } from '../account';
import { emailField, passwordField } from './auth';

export const passwordResetBody = z.strictObject({ email: emailField });
export const passwordResetConfirmBody = z.strictObject({
  token: z.string().min(10).max(200),
  password: passwordField,
});
export const changePasswordBody = z.strictObject({
  /** Required when the account has a password; an account that only signs in with OIDC sets its first one. */
  currentPassword: z.string().min(1).max(200).optional(),
  newPassword: passwordField,
});

export interface NotificationSettings {
  language: UserLanguage;
  /** Mentions of me and replies in conversations I am part of. */
  mentions: boolean;
  /** New comments on documents I created. */
  comments: boolean;
  /** Action items assigned to me, the day before they are due. */
  tasks: boolean;
  /** Weekly: what changed in the teams where I am a guest. */
  digest: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  digestDay: number;
}

export const updateNotificationSettingsBody = z
  .strictObject({
    language: z.enum(UserLanguages),
    mentions: z.boolean(),
    comments: z.boolean(),
    tasks: z.boolean(),
    digest: z.boolean(),
    digestDay: z.number().int().min(0).max(6),
  })
  .partial();

export const unsubscribeBody = z.strictObject({ token: z.string().min(10).max(300) });

/** One school unit (Feide org unit) the identity provider says the person belongs to. */
export interface OrgUnit {
  id: string;
  name: string;
}

export interface LinkedIdentity {
  id: string;
  /** The provider's display name (OIDC_NAME), e.g. Feide. */
  provider: string;
  feideId: string | null;
  createdAt: string;
  lastLoginAt: string;
}

export interface Account {
  user: { id: string; email: string; name: string };
  hasPassword: boolean;
  identities: LinkedIdentity[];
  /** Schools from the identity provider, offered when creating a team. */
  orgUnits: OrgUnit[];
}
