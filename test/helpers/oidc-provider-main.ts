/**
 * A real OpenID Provider (oidc-provider, OpenID-certified) in its own process, for the tests: it
 * plays Feide. Its clock can be set off while it answers token requests (`clockOffsetSeconds`),
 * so that the ID tokens it issues are already expired; that is why it runs apart from the test's
 * own process. (Off for the whole process, its own cookies would expire in the browser.)
 *
 * Protocol with the parent (IPC): → { type: 'listening', issuer } ; ← { type: 'configure',
 * redirectUris } ; → { type: 'ready' }.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestAccount } from './oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS ?? '{}') as {
  clientId: string;
  clientSecret: string;
  accounts: TestAccount[];
  clockOffsetSeconds: number;
};
let skewMs = 0;
if (settings.clockOffsetSeconds) {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + skewMs;
}
const { default: Provider } = await import('oidc-provider');

const accounts = new Map(settings.accounts.map((a) => [a.sub, a]));
const FEIDE_ID_CLAIM = 'https://n.feide.no/claims/eduPersonPrincipalName';
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

let provider: InstanceType<typeof Provider> | null = null;
const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    res.statusCode = 500;
    res.end(String(error));
  });
});
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.send!({ type: 'listening', issuer });
  process.on('message', (message: { type: string; redirectUris: string[] }) => {
    if (message.type !== 'configure') return;
    provider = createProvider(issuer, message.redirectUris);
    process.send!({ type: 'ready' });
  });
});
process.on('disconnect', () => process.exit(0));

function createProvider(issuer: string, redirectUris: string[]) {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return new Provider(issuer, {
    clients: [
      {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...key, kid: 'test', use: 'sig', alg: 'RS256' } as never] },
    cookies: { keys: ['a test provider cookie key'] },
    scopes: ['openid', 'profile', 'email', 'userid-feide', 'groups-org'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], 'userid-feide': [FEIDE_ID_CLAIM] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: account.name,
          ...(account.email ? { email: account.email, email_verified: true } : {}),
          ...(account.feideId ? { [FEIDE_ID_CLAIM]: account.feideId } : {}),
        }),
      };
    },
  });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!provider) {
    res.statusCode = 503;
    res.end('not configured');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://x');
  const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
  if (interaction && req.method === 'GET') {
    const details = await provider.interactionDetails(req, res);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const options = settings.accounts.map((a) => `<option value="${escape(a.sub)}">${escape(a.name)}</option>`).join('');
    res.end(`<!doctype html><html lang="nb"><title>Test-IdP</title><body>
      <h1>Logg inn hos test-IdP</h1>
      <p>${escape(String(details.params.client_id))} ber om: ${escape(String(details.params.scope))}</p>
      <form method="post" action="/interaction/${details.uid}">
        <label>Bruker <select name="login">${options}</select></label>
        <button name="decision" value="allow">Godta</button>
        <button name="decision" value="deny">Avvis</button>
      </form></body></html>`);
    return;
  }
  if (interaction && req.method === 'POST') {
    const details = await provider.interactionDetails(req, res);
    const form = await readForm(req);
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User denied the request' }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = form.get('login') ?? '';
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    return;
  }
  if (url.pathname === '/groups/me/groups' && req.method === 'GET') {
    // Feide's groups API, as far as Fellesrom uses it: the person's groups, by their access token.
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const found = token ? await provider.AccessToken.find(token) : undefined;
    if (!found?.accountId || !found.scopes.has('groups-org')) {
      res.statusCode = 403;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(accounts.get(found.accountId)?.groups ?? []));
    return;
  }
  if (url.pathname === '/token' && settings.clockOffsetSeconds) {
    skewMs = settings.clockOffsetSeconds * 1000;
    res.once('close', () => {
      skewMs = 0;
    });
  }
  provider.callback()(req, res);
}
