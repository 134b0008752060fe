import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../server/clock';
import { loadConfig } from '../../server/config';
import { type RunningServer, startServer } from '../../server/server';
import { databaseEnv } from './test-database';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export function tempDataDir(label = 'fellesrom'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}

export type Env = Record<string, string>;

/** Test defaults: quiet logs, fast unload, no client build needed. */
const testEnv = (dataDir: string, env: Env): Env => ({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  UNLOAD_GRACE_MS: '50',
  // Each report stores the text for search, so a test that edits and then searches waits only for
  // CHANGE_REPORT_MS; the cadence has its own test (search-text-cadence.test.ts).
  SEARCH_TEXT_REPORT_MS: '0',
  CLIENT_DIR: path.join(dataDir, 'no-client'),
  ...env,
});

export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
}

/** The real server, in this process, on a real port, with a real SQLite file. */
export async function startTestServer(options: { dataDir?: string; env?: Env; clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const env = { ...(await databaseEnv(dataDir)), ...options.env };
  const server = await startServer(loadConfig(testEnv(dataDir, env)), options.clock ? { clock: options.clock } : {});
  return { ...server, dataDir, wsUrl: `ws://127.0.0.1:${server.port}/collab` };
}

export interface ServerProcess {
  port: number;
  url: string;
  wsUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code/signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * The real server as its own process, for kill -9 and signal tests: the sources through tsx, or
 * with `built` what `npm start` runs (dist/server/main.js, made by the build before the tests).
 */
export async function spawnServer(dataDir: string, env: Env = {}, options: { built?: boolean } = {}): Promise<ServerProcess> {
  const entry = options.built ? [path.join(repoRoot, 'dist/server/main.js')] : ['--import', 'tsx', path.join(repoRoot, 'server/main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: repoRoot,
    env: { ...process.env, ...testEnv(dataDir, { LOG_LEVEL: 'info', ...(await databaseEnv(dataDir)), ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    exited.then(() => reject(new Error(`server exited before listening:\n${out}`)));
  });
  return { port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/collab`, child, exited, output: () => out };
}

/** A clock the test moves by hand. */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    set(at: number) {
      now = at;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}
