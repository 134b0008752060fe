/**
 * Account constants both sides use, apart from the request schemas (shared/schemas/account.ts) so
 * the browser can use them without loading zod.
 */
/** Languages a person can read the app and their e-mail in. */
export const UserLanguages = ['nb', 'nn', 'en'] as const;
export type UserLanguage = (typeof UserLanguages)[number];

/** The kinds of e-mail a person can turn on and off. */
export const NotificationKinds = ['mentions', 'comments', 'tasks', 'digest'] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

/** Why a sign-in through the identity provider failed: `?oidc_error=` on the page it returns to. */
export const OidcFailures = ['unavailable', 'denied', 'failed', 'expired', 'email_missing', 'link_required', 'signup_closed', 'already_linked'] as const;
export type OidcFailure = (typeof OidcFailures)[number];
