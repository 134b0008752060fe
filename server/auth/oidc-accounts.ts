import { and, count, eq, ne } from 'drizzle-orm';
import { emailField } from '../../shared/schemas/auth';
import type { Config } from '../config';
import type { Db, DbOrTx } from '../db/open';
import { userIdentities, users } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import { acceptInvite, findUsableInvite } from '../invites/invites';
import { OidcError, type OidcProfile } from './oidc-client';

type IdentityRow = typeof userIdentities.$inferSelect;

/**
 * The identity this profile signs in as: the provider's stable subject first, then the Feide user
 * id it vouches for (Feide never gives a Feide id to another person). Never the e-mail address.
 */
function findIdentity(db: DbOrTx, profile: OidcProfile): IdentityRow | undefined {
  const bySubject = db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.subject, profile.subject)))
    .get();
  if (bySubject || !profile.feideId) return bySubject;
  return db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.feideId, profile.feideId)))
    .get();
}

function refresh(db: DbOrTx, identity: IdentityRow, profile: OidcProfile): void {
  db.update(userIdentities)
    .set({ subject: profile.subject, feideId: profile.feideId ?? identity.feideId, orgUnits: profile.orgUnits, lastLoginAt: new Date() })
    .where(eq(userIdentities.id, identity.id))
    .run();
}

function insertIdentity(db: DbOrTx, userId: string, profile: OidcProfile): void {
  const now = new Date();
  db.insert(userIdentities)
    .values({ id: newId(), userId, issuer: profile.issuer, subject: profile.subject, feideId: profile.feideId, orgUnits: profile.orgUnits, createdAt: now, lastLoginAt: now })
    .run();
}

/**
 * Signs in through the provider: the account this identity belongs to, or a new account (no
 * password) if sign-up allows it. An address that already has an account is not taken over: its
 * owner signs in with the password and links the identity from their account page.
 */
export function signInWithOidc(
  db: Db,
  config: Pick<Config, 'signup' | 'signupDomains'>,
  profile: OidcProfile,
  inviteToken: string | null,
): { userId: string; created: boolean } {
  return db.transaction((tx) => {
    const identity = findIdentity(tx, profile);
    if (identity) {
      refresh(tx, identity, profile);
      if (inviteToken) joinIfStillValid(tx, inviteToken, identity.userId);
      return { userId: identity.userId, created: false };
    }
    const email = emailField.safeParse(profile.email ?? '');
    if (!email.success) throw new OidcError('email_missing', 'The identity provider gave no usable e-mail address');
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email.data)).get()) {
      throw new OidcError('link_required', 'An account with this e-mail address exists; sign in with its password and link the identity');
    }
    const firstRun = tx.select({ n: count() }).from(users).get()!.n === 0;
    if (!firstRun) checkSignupAllowed(tx, config, email.data, profile.feideId, inviteToken);
    const userId = newId();
    tx.insert(users)
      .values({ id: userId, email: email.data, name: profile.name ?? email.data.split('@')[0]!, passwordHash: null, createdAt: new Date() })
      .run();
    insertIdentity(tx, userId, profile);
    if (inviteToken) joinIfStillValid(tx, inviteToken, userId);
    return { userId, created: true };
  });
}

/** SIGNUP=invite needs a usable invitation; SIGNUP=domains an address (or Feide id) in those domains. */
function checkSignupAllowed(db: DbOrTx, config: Pick<Config, 'signup' | 'signupDomains'>, email: string, feideId: string | null, inviteToken: string | null) {
  if (config.signup === 'invite' && !(inviteToken && findUsableInvite(db, inviteToken))) {
    throw new OidcError('signup_closed', 'Sign-up here needs an invitation link');
  }
  if (config.signup === 'domains') {
    const domains = [email, feideId ?? ''].map((id) => id.split('@')[1] ?? '');
    if (!domains.some((d) => config.signupDomains.includes(d))) throw new OidcError('signup_closed', 'Sign-up is limited to the school domains');
  }
}

/** Someone who came through an invitation joins its team; a spent link does not stop the sign-in. */
function joinIfStillValid(db: DbOrTx, token: string, userId: string): void {
  try {
    // (The audit log records who joined and when; the address is not known this deep in the sign-in.)
    acceptInvite(db, token, userId, null);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** Links the identity to a signed-in person's account (they proved both). */
export function linkIdentity(db: Db, userId: string, profile: OidcProfile): void {
  db.transaction((tx) => {
    const identity = findIdentity(tx, profile);
    if (identity && identity.userId !== userId) throw new OidcError('already_linked', 'This identity already signs in to another account');
    if (identity) refresh(tx, identity, profile);
    else insertIdentity(tx, userId, profile);
  });
}

/** Removes a linked identity, unless it is the only way left into the account. */
export function unlinkIdentity(db: Db, userId: string, identityId: string): void {
  db.transaction((tx) => {
    const identity = tx
      .select({ id: userIdentities.id })
      .from(userIdentities)
      .where(and(eq(userIdentities.id, identityId), eq(userIdentities.userId, userId)))
      .get();
    if (!identity) throw new AppError(404, 'not_found', 'No such linked sign-in');
    const hasPassword = tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.hash != null;
    const others = tx
      .select({ n: count() })
      .from(userIdentities)
      .where(and(eq(userIdentities.userId, userId), ne(userIdentities.id, identityId)))
      .get()!.n;
    if (!hasPassword && others === 0) {
      throw new AppError(409, 'conflict', 'This is the only way into the account: set a password first');
    }
    tx.delete(userIdentities).where(eq(userIdentities.id, identityId)).run();
  });
}
