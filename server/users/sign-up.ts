import { count, eq } from 'drizzle-orm';
import type { SignupBody, User } from '../../shared/schemas/auth';
import { hashPassword } from '../auth/passwords';
import type { Config } from '../config';
import type { Db, DbOrTx } from '../db/open';
import { lockName } from '../db/row-lock';
import { users } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import { acceptInvite, findUsableInvite } from '../invites/invites';
import { createTeam } from '../teams/create-team';

export const isFirstRun = async (db: Db): Promise<boolean> => (await db.select({ n: count() }).from(users))[0]!.n === 0;

export type SignUpResult = { created: true; user: User } | { created: false; existingUserId: string };

/**
 * Creates an account. The very first account also creates the school and its first team, and
 * leads it: there is no built-in administrator and no default password. With an invitation token
 * the new account joins that team at once. An address that already has an account creates
 * nothing (the caller answers as if it had, and tells the owner; see routes/auth).
 */
export async function signUp(db: Db, config: Pick<Config, 'signup' | 'signupDomains'>, body: SignupBody, address: string | null): Promise<SignUpResult> {
  // Hashed either way, so an existing address takes as long to answer as a new one.
  const passwordHash = await hashPassword(body.password);
  return await db.transaction(async (tx): Promise<SignUpResult> => {
    // Two first sign-ups at once: the second sees the first's account and is not a first run.
    await lockName(tx, 'sign-up');
    const firstRun = (await tx.select({ n: count() }).from(users))[0]!.n === 0;
    if (firstRun && (!body.school || !body.team)) {
      throw new AppError(400, 'validation_failed', 'The first account creates the school and its first team', {
        issues: [{ path: 'school', message: 'required' }, { path: 'team', message: 'required' }],
      });
    }
    if (!firstRun) await checkSignupAllowed(tx, config, body);
    const existing = (await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email)))[0];
    if (existing) {
      // Refused exactly as a new account with this invitation would be.
      if (body.inviteToken && !await findUsableInvite(tx, body.inviteToken)) throw new AppError(404, 'not_found', 'This invitation is not valid any more');
      return { created: false, existingUserId: existing.id };
    }
    const user = { id: newId(), email: body.email, name: body.name };
    // The address is unique: of two sign-ups with it racing, the second finds the first's account.
    const inserted = await tx.insert(users).values({ ...user, passwordHash, createdAt: new Date() }).onConflictDoNothing().returning({ id: users.id });
    if (inserted.length === 0) {
      const winner = (await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email)))[0]!;
      return { created: false, existingUserId: winner.id };
    }
    if (firstRun) await createTeam(tx, user.id, { name: body.team!, school: body.school! });
    if (body.inviteToken) await acceptInvite(tx, body.inviteToken, user.id, address);
    return { created: true, user };
  });
}

async function checkSignupAllowed(db: DbOrTx, config: Pick<Config, 'signup' | 'signupDomains'>, body: SignupBody): Promise<void> {
  if (config.signup === 'invite' && !(body.inviteToken && await findUsableInvite(db, body.inviteToken))) {
    throw new AppError(403, 'forbidden', 'Sign-up here needs an invitation link');
  }
  if (config.signup === 'domains') {
    const domain = body.email.split('@')[1] ?? '';
    if (!config.signupDomains.includes(domain)) {
      throw new AppError(403, 'forbidden', 'Sign-up is limited to the school e-mail domains');
    }
  }
}
