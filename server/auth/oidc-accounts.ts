import { and, count, eq, ne } from 'drizzle-orm';
import { emailField } from '../../shared/schemas/auth';
import type { Config } from '../config';
import type { Db, DbOrTx } from '../db/open';
import { lockName, lockRow } from '../db/row-lock';
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
async function findIdentity(db: DbOrTx, profile: OidcProfile): Promise<IdentityRow | undefined> {
  const bySubject = (await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.subject, profile.subject))))[0];
  if (bySubject || !profile.feideId) return bySubject;
  return (await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.feideId, profile.feideId))))[0];
}

async function refresh(db: DbOrTx, identity: IdentityRow, profile: OidcProfile): Promise<void> {
  await db.update(userIdentities)
    .set({ subject: profile.subject, feideId: profile.feideId ?? identity.feideId, orgUnits: profile.orgUnits, lastLoginAt: new Date() })
    .where(eq(userIdentities.id, identity.id));
}

async function insertIdentity(db: DbOrTx, userId: string, profile: OidcProfile): Promise<void> {
  const now = new Date();
  await db.insert(userIdentities)
    .values({ id: newId(), userId, issuer: profile.issuer, subject: profile.subject, feideId: profile.feideId, orgUnits: profile.orgUnits, createdAt: now, lastLoginAt: now });
}

/**
 * Signs in through the provider: the account this identity belongs to, or a new account (no
 * password) if sign-up allows it. An address that already has an account is not taken over: its
 * owner signs in with the password and links the identity from their account page.
 */
export async function signInWithOidc(
  db: Db,
  config: Pick<Config, 'signup' | 'signupDomains'>,
  profile: OidcProfile,
  inviteToken: string | null,
): Promise<{ userId: string; created: boolean }> {
  return await db.transaction(async (tx) => {
    const identity = await findIdentity(tx, profile);
    if (identity) {
      await refresh(tx, identity, profile);
      if (inviteToken) await joinIfStillValid(tx, inviteToken, identity.userId);
      return { userId: identity.userId, created: false };
    }
    const email = emailField.safeParse(profile.email ?? '');
    if (!email.success) throw new OidcError('email_missing', 'The identity provider gave no usable e-mail address');
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.email, email.data)))[0]) {
      throw new OidcError('link_required', 'An account with this e-mail address exists; sign in with its password and link the identity');
    }
    await lockName(tx, 'sign-up');
    const firstRun = (await tx.select({ n: count() }).from(users))[0]!.n === 0;
    if (!firstRun) await checkSignupAllowed(tx, config, email.data, profile.feideId, inviteToken);
    const userId = newId();
    await tx.insert(users)
      .values({ id: userId, email: email.data, name: profile.name ?? email.data.split('@')[0]!, passwordHash: null, createdAt: new Date() });
    await insertIdentity(tx, userId, profile);
    if (inviteToken) await joinIfStillValid(tx, inviteToken, userId);
    return { userId, created: true };
  });
}

/** SIGNUP=invite needs a usable invitation; SIGNUP=domains an address (or Feide id) in those domains. */
async function checkSignupAllowed(db: DbOrTx, config: Pick<Config, 'signup' | 'signupDomains'>, email: string, feideId: string | null, inviteToken: string | null) {
  if (config.signup === 'invite' && !(inviteToken && await findUsableInvite(db, inviteToken))) {
    throw new OidcError('signup_closed', 'Sign-up here needs an invitation link');
  }
  if (config.signup === 'domains') {
    const domains = [email, feideId ?? ''].map((id) => id.split('@')[1] ?? '');
    if (!domains.some((d) => config.signupDomains.includes(d))) throw new OidcError('signup_closed', 'Sign-up is limited to the school domains');
  }
}

/** Someone who came through an invitation joins its team; a spent link does not stop the sign-in. */
async function joinIfStillValid(db: DbOrTx, token: string, userId: string): Promise<void> {
  try {
    // (The audit log records who joined and when; the address is not known this deep in the sign-in.)
    await acceptInvite(db, token, userId, null);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** Links the identity to a signed-in person's account (they proved both). */
export async function linkIdentity(db: Db, userId: string, profile: OidcProfile): Promise<void> {
  await db.transaction(async (tx) => {
    const identity = await findIdentity(tx, profile);
    if (identity && identity.userId !== userId) throw new OidcError('already_linked', 'This identity already signs in to another account');
    if (identity) await refresh(tx, identity, profile);
    else await insertIdentity(tx, userId, profile);
  });
}

/** Removes a linked identity, unless it is the only way left into the account. */
export async function unlinkIdentity(db: Db, userId: string, identityId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Two sign-ins unlinked at once must not both count the other as the way left in.
    await lockRow(tx, users, userId);
    const identity = (await tx
      .select({ id: userIdentities.id })
      .from(userIdentities)
      .where(and(eq(userIdentities.id, identityId), eq(userIdentities.userId, userId))))[0];
    if (!identity) throw new AppError(404, 'not_found', 'No such linked sign-in');
    const hasPassword = (await tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)))[0]?.hash != null;
    const others = (await tx
      .select({ n: count() })
      .from(userIdentities)
      .where(and(eq(userIdentities.userId, userId), ne(userIdentities.id, identityId))))[0]!.n;
    if (!hasPassword && others === 0) {
      throw new AppError(409, 'conflict', 'This is the only way into the account: set a password first');
    }
    await tx.delete(userIdentities).where(eq(userIdentities.id, identityId));
  });
}
