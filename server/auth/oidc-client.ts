import * as client from 'openid-client';
import type { OidcFailure } from '../../shared/account';
import type { OrgUnit } from '../../shared/schemas/account';
import type { OidcConfig } from '../config';
import type { Logger } from '../log';

/** Who the provider says signed in, after every check passed. */
export interface OidcProfile {
  issuer: string;
  subject: string;
  /** Feide's eduPersonPrincipalName (userid-feide), without a "feide:" prefix. */
  feideId: string | null;
  name: string | null;
  email: string | null;
  orgUnits: OrgUnit[];
}

export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type { OidcFailure };

export class OidcError extends Error {
  constructor(
    readonly failure: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

const FEIDE_ID = 'https://n.feide.no/claims/eduPersonPrincipalName';
const FEIDE_SECONDARY_IDS = 'https://n.feide.no/claims/userid_sec';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The relying party, on openid-client: discovery (cached, retried after a failure), the
 * authorization URL with PKCE (S256), state and nonce, and the callback with every check the
 * library makes (state, issuer of the response, code exchange, ID token signature, issuer,
 * audience, expiry and nonce), then the userinfo and, with groups-org, Feide's groups API.
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    private readonly config: OidcConfig,
    private readonly log: Logger,
  ) {}

  get name(): string {
    return this.config.name;
  }

  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(new URL(this.config.issuer), this.config.clientId, undefined, client.ClientSecretBasic(this.config.clientSecret), {
        // Plain http only for a provider on this machine (development and tests).
        execute: LOOPBACK.has(new URL(this.config.issuer).hostname) ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.discovered = null;
        this.log.warn('OpenID provider discovery failed', { issuer: this.config.issuer, error });
        throw new OidcError('unavailable', 'The identity provider could not be reached');
      });
    return this.discovered;
  }

  /** Where to send the browser, and what the callback must check. */
  async start(redirectUri: string): Promise<{ url: string; checks: OidcChecks }> {
    const config = await this.configuration();
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.config.scopes.join(' '),
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url: url.toString(), checks };
  }

  /** Checks the provider's answer at `callbackUrl` and returns who signed in, or throws OidcError. */
  async finish(callbackUrl: URL, checks: OidcChecks): Promise<OidcProfile> {
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied') {
        throw new OidcError('denied', 'The person did not give consent');
      }
      const e = error as Error & { code?: string; error?: string; cause?: unknown };
      // The library's own words for which check failed (its message alone is often generic).
      const reason = [e.message, e.error, e.cause instanceof Error ? e.cause.message : undefined].filter(Boolean).join(': ');
      this.log.warn('OpenID sign-in refused', { reason, code: e.code });
      throw new OidcError('failed', 'The answer from the identity provider did not pass the checks');
    }
    const idToken = tokens.claims()!;
    let claims: Record<string, unknown> = { ...idToken };
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        // The subject must match the ID token's: userinfo cannot speak for someone else.
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
      } catch (error) {
        this.log.warn('OpenID userinfo failed', { error });
      }
    }
    return {
      issuer: idToken.iss,
      subject: idToken.sub,
      feideId: feideIdOf(claims),
      name: typeof claims.name === 'string' ? claims.name.trim().slice(0, 80) || null : null,
      email: typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null,
      orgUnits: this.config.groupsApi ? await this.orgUnits(config, tokens.access_token, this.config.groupsApi) : [],
    };
  }

  /** The person's schools from Feide's groups API. A failure there does not stop the sign-in. */
  private async orgUnits(config: client.Configuration, accessToken: string, api: string): Promise<OrgUnit[]> {
    try {
      const res = await client.fetchProtectedResource(config, accessToken, new URL(api), 'GET');
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return schoolsIn(await res.json());
    } catch (error) {
      this.log.warn('Feide groups API failed; signing in without the school', { error });
      return [];
    }
  }
}

function feideIdOf(claims: Record<string, unknown>): string | null {
  const direct = claims[FEIDE_ID];
  const secondary = claims[FEIDE_SECONDARY_IDS];
  const candidate =
    typeof direct === 'string'
      ? direct
      : Array.isArray(secondary)
        ? secondary.find((id): id is string => typeof id === 'string' && id.startsWith('feide:'))
        : undefined;
  const id = candidate?.replace(/^feide:/, '').trim().toLowerCase();
  return id && id.length <= 254 ? id : null;
}

/**
 * School units among Feide groups: a school is an `fc:org` under its owner (`…:unit:…`, with
 * `primarySchool`), a university college department an `fc:orgunit`. The primary one first.
 */
export function schoolsIn(groups: unknown): OrgUnit[] {
  if (!Array.isArray(groups)) return [];
  const units: Array<OrgUnit & { primary: boolean }> = [];
  for (const g of groups.slice(0, 500) as Array<Record<string, unknown>>) {
    if (typeof g !== 'object' || g === null || typeof g.id !== 'string' || typeof g.displayName !== 'string') continue;
    const isSchool = (g.type === 'fc:org' && g.id.includes(':unit:')) || g.type === 'fc:orgunit';
    if (!isSchool || g.id.length > 200) continue;
    const membership = (g.membership ?? {}) as Record<string, unknown>;
    units.push({ id: g.id, name: g.displayName.trim().slice(0, 160), primary: membership.primarySchool === true || membership.primaryOrgUnit === true });
  }
  return units
    .filter((u) => u.name)
    .toSorted((a, b) => Number(b.primary) - Number(a.primary))
    .slice(0, 20)
    .map(({ id, name }) => ({ id, name }));
}
