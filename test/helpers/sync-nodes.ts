import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './server';

export interface SyncNode {
  port: number;
  wsUrl: string;
  pid: number;
  /** What the process printed (for failure messages). */
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts test/helpers/sync-node-main.ts (or another `entry` that prints `{"msg":"listening","port":N}`)
 * in its own process on DATABASE_URL + REDIS_URL.
 */
export function startSyncNode(options: { databaseUrl: string; redisUrl: string; env?: Record<string, string>; entry?: string }): Promise<SyncNode> {
  const entry = path.join(repoRoot, options.entry ?? 'test/helpers/sync-node-main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-50_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-50_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      const port = Number(m[1]);
      resolve({ port, wsUrl: `ws://127.0.0.1:${port}`, pid: child.pid!, output: () => out, kill9: () => stopWith('SIGKILL'), stop: () => stopWith('SIGTERM') });
    };
    const onExit = (code: number | null) => reject(new Error(`sync node exited (${code}) before listening:\n${out}`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}
