import { Hono } from 'hono';
import { z } from 'zod';
import { OidcError, type OidcFailure } from '../../auth/oidc-client';
import { linkIdentity, signInWithOidc } from '../../auth/oidc-accounts';
import { beginLogin, takeLogin } from '../../auth/oidc-logins';
import { createSession, revokeSession, setSessionCookie } from '../../auth/sessions';
import type { AppDeps, AppEnv } from '../../context';
import { notFound } from '../../errors';
import { validate } from '../../validate';

const startQuery = z.object({
  /** A path of ours to come back to. Anything else (another site, `//host`) becomes `/`. */
  returnTo: z.string().max(500).optional(),
  invite: z.string().min(1).max(200).optional(),
  /** Link the identity to the signed-in account instead of signing in. */
  link: z.literal('1').optional(),
});

const safePath = (path: string | undefined) => (path && /^\/(?![/\\])[^\s]*$/.test(path) ? path : '/');

/**
 * GET /api/auth/oidc/start and /callback: browser navigations, so every outcome is a redirect to a
 * page of ours; a failure carries `oidc_error=<reason>` for the page to explain.
 */
export const oidcRoutes = ({ db, config, oidc, log }: AppDeps) => {
  const callbackUrl = (requestUrl: string) => `${config.publicOrigin ?? new URL(requestUrl).origin}/api/auth/oidc/callback`;
  const failed = (to: string, failure: OidcFailure) => `${to}${to.includes('?') ? '&' : '?'}oidc_error=${failure}`;

  return new Hono<AppEnv>()
    .get('/start', validate('query', startQuery), async (c) => {
      if (!oidc) throw notFound('Sign-in with an identity provider is not set up');
      const { returnTo, invite, link } = c.req.valid('query');
      const linkUserId = link ? (c.var.auth?.user.id ?? null) : null;
      if (link && !linkUserId) return c.redirect('/login', 302);
      const errorPage = linkUserId ? '/account' : '/login';
      try {
        const { url, checks } = await oidc.start(callbackUrl(c.req.url));
        await beginLogin(c, db, { ...checks, returnTo: safePath(returnTo), linkUserId, inviteToken: invite ?? null });
        return c.redirect(url, 302);
      } catch (error) {
        if (error instanceof OidcError) return c.redirect(failed(errorPage, error.failure), 302);
        throw error;
      }
    })
    .get('/callback', async (c) => {
      if (!oidc) throw notFound('Sign-in with an identity provider is not set up');
      const pending = await takeLogin(c, db);
      if (!pending) return c.redirect(failed('/login', 'expired'), 302);
      const errorPage = pending.linkUserId ? '/account' : '/login';
      try {
        const url = new URL(callbackUrl(c.req.url));
        url.search = new URL(c.req.url).search;
        const profile = await oidc.finish(url, pending);
        if (pending.linkUserId) {
          // Only for the person who started the link, still signed in as themselves.
          if (c.var.auth?.user.id !== pending.linkUserId) return c.redirect(failed('/account', 'expired'), 302);
          await linkIdentity(db, pending.linkUserId, profile);
          return c.redirect('/account?linked=1', 302);
        }
        const { userId, created } = await signInWithOidc(db, config, profile, pending.inviteToken);
        if (c.var.auth) await revokeSession(db, c.var.auth.sessionId);
        const session = await createSession(db, userId, config.sessionTtlMs);
        setSessionCookie(c, session.token, session.expiresAt);
        log.info('signed in with OpenID Connect', { userId, created });
        return c.redirect(pending.returnTo, 302);
      } catch (error) {
        if (error instanceof OidcError) return c.redirect(failed(errorPage, error.failure), 302);
        throw error;
      }
    });
};
