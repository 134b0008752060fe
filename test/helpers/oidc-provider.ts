import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

/** A person the test identity provider knows, shaped like a Feide user. */
export interface TestAccount {
  sub: string;
  name: string;
  email?: string;
  /** Feide's eduPersonPrincipalName, given with the userid-feide scope. */
  feideId?: string;
  /** What Feide's groups API answers for this person (groups-org scope). */
  groups?: unknown[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The server's environment for signing in with this provider. */
  env: Record<string, string>;
  /** Registers a Fellesrom server's redirect URI (known once it listens), besides earlier ones. */
  register(redirectUri: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts oidc-provider in its own process on its own port (see oidc-provider-main.ts). */
export async function startOidcProvider(options: { accounts: TestAccount[]; clockOffsetSeconds?: number; clientId?: string }): Promise<TestProvider> {
  const settings = {
    clientId: options.clientId ?? 'fellesrom-test',
    clientSecret: 'a client secret for tests only',
    accounts: options.accounts,
    clockOffsetSeconds: options.clockOffsetSeconds ?? 0,
  };
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'oidc-provider-main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, OIDC_TEST_SETTINGS: JSON.stringify(settings) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const next = (type: string) =>
    new Promise<{ issuer?: string }>((resolve, reject) => {
      const onMessage = (message: { type: string; issuer?: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = () => reject(new Error(`the test identity provider exited:\n${stderr}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { issuer } = await next('listening');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const redirectUris: string[] = [];
  return {
    issuer: issuer!,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    env: {
      OIDC_ISSUER: issuer!,
      OIDC_CLIENT_ID: settings.clientId,
      OIDC_CLIENT_SECRET: settings.clientSecret,
      OIDC_GROUPS_API: `${issuer}/groups/me/groups`,
    },
    async register(redirectUri) {
      const ready = next('ready');
      redirectUris.push(redirectUri);
      child.send({ type: 'configure', redirectUris });
      await ready;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
