import { eq } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { CloseCode } from '../../../shared/close-codes';
import type { Me, SetupStatus } from '../../../shared/schemas/auth';
import { loginBody, signupBody } from '../../../shared/schemas/auth';
import { deleteAccountBody } from '../../../shared/schemas/data';
import { actorOf } from '../../audit/actor';
import { changePasswordBody, passwordResetBody, passwordResetConfirmBody } from '../../../shared/schemas/account';
import { clientAddress } from '../../auth/client-address';
import { dummyHash, verifyPassword } from '../../auth/passwords';
import { changePassword, confirmPasswordReset, requestPasswordReset } from '../../auth/password-reset';
import { clearSessionCookie, createSession, revokeSession, setSessionCookie } from '../../auth/sessions';
import { newToken } from '../../auth/tokens';
import type { AppDeps, AppEnv } from '../../context';
import { users } from '../../db/schema';
import { deleteAccount } from '../../deletion/delete-account';
import { AppError } from '../../errors';
import { requireUser } from '../../policies';
import { listTeamsForUser } from '../../teams/find-teams';
import { newId } from '../../ids';
import { tellOwnerOfSignupAttempt } from '../../users/existing-account-signup';
import { isFirstRun, signUp } from '../../users/sign-up';
import { validate } from '../../validate';
import { oidcRoutes } from './oidc';

const tooMany = (seconds: number) =>
  new AppError(429, 'rate_limited', `Too many attempts; try again in ${seconds} seconds`, { retryAfterSeconds: seconds });

const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireUser(c.var.auth);
  await next();
};

export const authRoutes = (deps: AppDeps) => {
  const { db, config, sync, log, limits, mailer, oidc } = deps;
  return new Hono<AppEnv>()
    .get('/setup', async (c) => c.json<SetupStatus>({ firstRun: await isFirstRun(db), signup: config.signup, oidc: oidc ? { name: oidc.name } : null }, 200))
    .route('/oidc', oidcRoutes(deps))
    .post('/signup', validate('json', signupBody), async (c) => {
      const address = clientAddress(c, config.trustProxy);
      const wait = await limits.signupByAddress.retryAfter(`signup:${address}`);
      if (wait > 0) throw tooMany(wait);
      await limits.signupByAddress.hit(`signup:${address}`);
      const body = c.req.valid('json');
      const result = await signUp(db, config, body, address);
      if (!result.created) {
        // Answered exactly as a new account: same status, body shape and cookie. The cookie
        // opens nothing; the owner of the address is told instead.
        await tellOwnerOfSignupAttempt(db, mailer, result.existingUserId);
        setSessionCookie(c, newToken(), new Date(Date.now() + config.sessionTtlMs));
        return c.json({ user: { id: newId(), email: body.email, name: body.name } }, 201);
      }
      const session = await createSession(db, result.user.id, config.sessionTtlMs);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.json({ user: result.user }, 201);
    })
    .post('/login', validate('json', loginBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const address = clientAddress(c, config.trustProxy);
      const wait = await limits.login.wait(email, address);
      if (wait > 0) throw tooMany(wait);

      const row = (await db.select().from(users).where(eq(users.email, email)))[0];
      // Verify against a dummy hash for unknown accounts, so the answer takes as long either way.
      const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
      if (!row || !ok) {
        await limits.login.failed(email, address);
        throw new AppError(401, 'invalid_credentials', 'Wrong e-mail address or password');
      }
      await limits.login.succeeded(email, address);
      // Rotation: whatever session this browser had is ended; the login gets a new token.
      if (c.var.auth) await revokeSession(db, c.var.auth.sessionId);
      const session = await createSession(db, row.id, config.sessionTtlMs);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.json({ user: { id: row.id, email: row.email, name: row.name } }, 200);
    })
    .post('/logout', async (c) => {
      const auth = c.var.auth;
      if (auth) {
        await revokeSession(db, auth.sessionId);
        sync.revoke({ sessionId: auth.sessionId }, CloseCode.UNAUTHENTICATED, 'logged out');
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    // Signed in first, then the body: someone signed out learns nothing from a malformed one.
    .delete('/me', signedIn, validate('json', deleteAccountBody), async (c) => {
      const { user } = requireUser(c.var.auth);
      // A wrong password here counts like one at login: it is a way to try passwords too.
      const address = clientAddress(c, config.trustProxy);
      const wait = await limits.login.wait(user.email, address);
      if (wait > 0) throw tooMany(wait);
      const { password, confirm } = c.req.valid('json');
      const row = (await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)))[0];
      // With a password, the password; an account that signs in only through Feide types its e-mail address.
      const confirmed = row?.passwordHash ? password !== undefined && (await verifyPassword(password, row.passwordHash)) : confirm?.trim().toLowerCase() === user.email;
      if (!confirmed) {
        await limits.login.failed(user.email, address);
        throw new AppError(403, 'wrong_password', 'The password (or, without one, the e-mail address) is not right');
      }
      const deleted = await deleteAccount({ db, sync, log }, user.id, actorOf(c, config.trustProxy));
      clearSessionCookie(c);
      return c.json({ deleted }, 200);
    })
    .post('/password-reset', validate('json', passwordResetBody), async (c) => {
      const { email } = c.req.valid('json');
      const byAddress = `reset:address:${clientAddress(c, config.trustProxy)}`;
      const wait = await limits.resetByAddress.retryAfter(byAddress);
      if (wait > 0) throw tooMany(wait);
      await limits.resetByAddress.hit(byAddress);
      // Per account, quietly: the answer must not differ for addresses that have an account.
      const byAccount = `reset:account:${email}`;
      if ((await limits.resetByAccount.retryAfter(byAccount)) === 0) {
        await limits.resetByAccount.hit(byAccount);
        await requestPasswordReset(db, mailer, email);
      }
      return c.json({ ok: true }, 202);
    })
    .post('/password-reset/confirm', validate('json', passwordResetConfirmBody), async (c) => {
      const byAddress = `reset:address:${clientAddress(c, config.trustProxy)}`;
      const wait = await limits.resetByAddress.retryAfter(byAddress);
      if (wait > 0) throw tooMany(wait);
      const { token, password } = c.req.valid('json');
      let user;
      try {
        user = await confirmPasswordReset(db, token, password);
      } catch (error) {
        await limits.resetByAddress.hit(byAddress);
        throw error;
      }
      sync.revoke({ userId: user.id }, CloseCode.UNAUTHENTICATED, 'password changed');
      const session = await createSession(db, user.id, config.sessionTtlMs);
      setSessionCookie(c, session.token, session.expiresAt);
      return c.json({ user }, 200);
    })
    .post('/password', validate('json', changePasswordBody), async (c) => {
      const auth = requireUser(c.var.auth);
      // A wrong current password counts like a failed login, under the same limits.
      const address = clientAddress(c, config.trustProxy);
      const wait = await limits.login.wait(auth.user.email, address);
      if (wait > 0) throw tooMany(wait);
      try {
        await changePassword(db, mailer, auth.user, auth.sessionId, c.req.valid('json'));
      } catch (error) {
        if (error instanceof AppError && error.code === 'wrong_password') await limits.login.failed(auth.user.email, address);
        throw error;
      }
      sync.revoke({ userId: auth.user.id, exceptSessionId: auth.sessionId }, CloseCode.UNAUTHENTICATED, 'password changed');
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const { user } = requireUser(c.var.auth);
      const teams = (await listTeamsForUser(db, user.id)).map((t) => ({ id: t.id, name: t.name, schoolName: t.school.name, role: t.role }));
      return c.json<Me>({ user, teams }, 200);
    });
};
