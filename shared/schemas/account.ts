import { z } from 'zod';
import { emailField, passwordField } from './auth';

/** Languages a person can read the app and their e-mail in. */
export const UserLanguages = ['nb', 'nn', 'en'] as const;
export type UserLanguage = (typeof UserLanguages)[number];

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

/** The kinds of e-mail a person can turn on and off. */
export const NotificationKinds = ['mentions', 'comments', 'tasks', 'digest'] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

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

/** Why a sign-in through the identity provider failed: `?oidc_error=` on the page it returns to. */
export const OidcFailures = ['unavailable', 'denied', 'failed', 'expired', 'email_missing', 'link_required', 'signup_closed', 'already_linked'] as const;
export type OidcFailure = (typeof OidcFailures)[number];

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
