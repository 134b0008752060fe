/**
 * Throwaway PostgreSQL and Redis for a test file: Debian's binaries, started on their own ports in
 * a temp dir and torn down after — never a shared system service, never a mock.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function requireBinary(file: string, pkg: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: install Debian's ${pkg} (apt-get install -y ${pkg}), as .ci/run does`);
}

/**
 * PostgreSQL refuses to run as root (tests here and in CI run as root): then the cluster belongs to
 * the `postgres` user Debian's package creates, and its processes are started as that user.
 */
function unprivilegedUser(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
      return { uid, gid, name };
    } catch {
      // try the next
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

/** Resolves when `pattern` appears in the process's output; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(output())) {
        cleanup();
        resolve();
      }
    };
    const exited = (code: number | null) => {
      cleanup();
      reject(new Error(`${what} exited (${code}) before it was ready:\n${output().slice(-2000)}`));
    };
    const cleanup = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
    check();
  });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  const add = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

export interface Postgres {
  /** postgres://… for the test database, over TCP on 127.0.0.1. */
  url: string;
  port: number;
  /** Creates another database in the cluster (empty, or a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

/** initdb in a temp dir and one postgres on its own port, with fsync on (we test durability). */
export async function startPostgres(): Promise<Postgres> {
  requireBinary(path.join(PG_BIN, 'initdb'), 'postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fellesrom-pg-'));
  const user = unprivilegedUser();
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  // --no-sync only skips flushing initdb's own files; the server below runs with fsync on.
  execFileSync(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'fellesrom', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
    ...as,
    stdio: 'pipe',
  });
  const port = await freePort();
  const child = spawn(
    path.join(PG_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'shared_buffers=16MB', '-c', 'max_connections=100'],
    { ...as, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collect(child);
  try {
    await waitForOutput(child, /database system is ready to accept connections/, 'postgres', output);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const base = `postgres://fellesrom@127.0.0.1:${port}`;
  const createDatabase = async (name: string, template?: string) => {
    const client = new Client(`${base}/postgres`);
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  await createDatabase('fellesrom');
  return {
    url: `${base}/fellesrom`,
    port,
    createDatabase,
    async stop() {
      // Fast shutdown: open connections are cut, the data is left consistent.
      await stopProcess(child, 'SIGINT');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisServer {
  url: string;
  port: number;
  /** Kills Redis at once (SIGKILL): connected clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** redis-server on its own port, no persistence. */
export async function startRedis(): Promise<RedisServer> {
  requireBinary(REDIS_SERVER, 'redis-server');
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    await waitForOutput(c, /Ready to accept connections/, 'redis-server', collect(c));
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      if (child) await stopProcess(child, 'SIGKILL');
      child = null;
    },
    start,
    async stop() {
      if (child) await stopProcess(child, 'SIGTERM');
      child = null;
    },
  };
}
