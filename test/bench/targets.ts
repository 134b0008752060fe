import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createDocument, type Session, teamLeader } from '../helpers/api';
import { browserHeaders, socketWithCookie } from '../helpers/clients';
import { repoRoot } from '../helpers/server';
import { bundleServer } from '../../scripts/server-bundle';

export type TargetName = 'fellesrom' | 'fellesrom-normal' | 'hocuspocus' | 'y-websocket' | 'raw-ws';

export interface RunningTarget {
  name: TargetName;
  port: number;
  pid: number;
  dataDir: string;
  /** Document names (ids for Fellesrom) to use for `count` rooms. */
  rooms(count: number): Promise<string[]>;
  /** A Yjs client on a room; resolves once synced. Not for raw-ws. */
  connect(room: string, doc?: Y.Doc): YClient;
  /** A bare socket on a room (the raw load generator speaks the protocol itself). */
  openSocket(room: string): WebSocket;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  rssBytes(): number;
  /** Fellesrom's account, to reuse after a restart on the same data. */
  auth(): { session: Session; teamId: string } | null;
}

export interface YClient {
  doc: Y.Doc;
  /** The transaction origin of updates that came from the server. */
  origin: unknown;
  synced: Promise<void>;
  destroy(): void;
}

const entries: Record<TargetName, string> = {
  fellesrom: 'server/main.ts',
  'fellesrom-normal': 'server/main.ts',
  hocuspocus: 'test/bench/servers/hocuspocus.ts',
  'y-websocket': 'test/bench/servers/y-websocket.ts',
  'raw-ws': 'test/bench/servers/raw-ws.ts',
};

/**
 * The core servers run on when pinned (`taskset`; the load generator takes the other one), or
 * null to let the kernel place them. Set by run.ts.
 */
export const pinning: { serverCpu: number | null } = { serverCpu: null };

/** Server processes started and not yet exited. */
const running = new Set<ChildProcess>();

/** Kills every server still running (a scenario that overran its time, or the run being stopped). */
export function killRunningTargets(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** One bundle per checkout and run, built on first use. */
const bundles = new Map<string, Promise<string>>();

/**
 * Fellesrom's server as `npm start` runs it: the esbuild bundle (scripts/server-bundle.ts), built
 * into the checkout's node_modules/.cache so it finds better-sqlite3 there as dist/server does.
 */
function bundled(root: string): Promise<string> {
  let main = bundles.get(root);
  if (!main) {
    // Named by checkout too: a before/after pair may share one node_modules through a link.
    const outdir = path.join(root, 'node_modules/.cache/fellesrom-bench', `${process.pid}-${createHash('sha1').update(root).digest('hex').slice(0, 8)}`);
    main = bundleServer(root, outdir, { main: 'server/main.ts' }).then(() => path.join(outdir, 'main.js'));
    bundles.set(root, main);
    process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
  }
  return main;
}

/** The Node flags `npm start` gives the server in that checkout (package.json), so the bench runs it as production does. */
export function startFlags(root: string): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(1, start.findIndex((word, i) => i > 0 && !word.startsWith('--')));
}

async function startProcess(
  name: TargetName,
  dataDir: string,
  env: Record<string, string>,
  nodeArgs: string[],
  fromSource: boolean,
): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_FELLESROM_ROOT runs Fellesrom from another checkout (before/after pairs of a change).
  const fellesrom = name.startsWith('fellesrom');
  const root = fellesrom ? (process.env.BENCH_FELLESROM_ROOT ?? repoRoot) : repoRoot;
  const flags = fellesrom ? startFlags(root) : [];
  const command =
    fellesrom && !fromSource
      ? [process.execPath, ...flags, ...nodeArgs, await bundled(root)]
      : [process.execPath, ...flags, ...nodeArgs, '--import', 'tsx', path.join(root, entries[name])];
  // taskset execs the server, so the child's pid is the server's.
  if (pinning.serverCpu !== null) command.unshift('taskset', '-c', String(pinning.serverCpu));
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      CLIENT_DIR: path.join(dataDir, 'none'),
      SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
      // Hundreds of simulated people share one account and one address here.
      SOCKET_CONNECTS_PER_USER_PER_MINUTE: '1000000',
      SOCKET_CONNECTS_PER_ADDRESS_PER_MINUTE: '1000000',
      YPERSISTENCE: path.join(dataDir, 'leveldb'),
      // The same server with SQLite's synchronous=NORMAL: commits without waiting for the disk.
      ...(name === 'fellesrom-normal' ? { SQLITE_SYNCHRONOUS: 'NORMAL' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

export function readRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Starts a server as its own process. Fellesrom gets an account and documents through its API. */
export async function startTarget(
  name: TargetName,
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    auth?: { session: Session; teamId: string } | null;
    nodeArgs?: string[];
    /** Fellesrom from its TypeScript sources through tsx (for profiles that name our files), not the bundle. */
    fromSource?: boolean;
  } = {},
): Promise<RunningTarget> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const { child, port } = await startProcess(name, dataDir, options.env ?? {}, options.nodeArgs ?? [], options.fromSource ?? false);
  const url = `http://127.0.0.1:${port}`;
  const fellesrom = name.startsWith('fellesrom');
  const wsBase = fellesrom ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`;
  let leader = options.auth ?? null;
  let counter = 0;
  return {
    name,
    port,
    pid: child.pid!,
    dataDir,
    async rooms(count) {
      if (!fellesrom) return Array.from({ length: count }, () => `room-${counter++}`);
      leader ??= await teamLeader(url, 'Bench Leder', 'Benchteam');
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await createDocument(leader.session, leader.teamId, 'note', `Bench ${counter++}`));
      return ids;
    },
    connect(room, doc = new Y.Doc()) {
      if (name === 'hocuspocus') return hocuspocusClient(wsBase, room, doc);
      return yWebsocketClient(wsBase, room, doc, (fellesrom ? socketWithCookie(leader!.session.cookie) : WebSocket) as typeof WebSocket);
    },
    openSocket(room) {
      if (name === 'hocuspocus') return new WebSocket(wsBase, { perMessageDeflate: false });
      const url = `${wsBase}/${room}`;
      return new WebSocket(url, { headers: fellesrom ? browserHeaders(url, leader!.session.cookie) : {}, perMessageDeflate: false });
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
    rssBytes: () => readRss(child.pid!),
    auth: () => leader,
  };
}


/** A Hocuspocus provider on `url`; resolves `synced` on its first sync. */
export function hocuspocusClient(url: string, room: string, doc = new Y.Doc()): YClient {
  let done: () => void;
  const synced = new Promise<void>((r) => {
    done = r;
  });
  const provider = new HocuspocusProvider({
    url,
    name: room,
    document: doc,
    WebSocketPolyfill: WebSocket,
    // y-websocket's reconnect policy (at most 2.5 s between tries): with the provider's own
    // (1 s doubling to 30 s) one refused connect among 200 stalled a run for half a minute.
    delay: 100,
    minDelay: 100,
    maxDelay: 2500,
    onSynced: () => done(),
  } as unknown as ConstructorParameters<typeof HocuspocusProvider>[0]);
  return { doc, origin: provider, synced, destroy: () => provider.destroy() };
}

/** A stock y-websocket provider on `url`/`room`. */
export function yWebsocketClient(url: string, room: string, doc = new Y.Doc(), Socket: typeof WebSocket = WebSocket): YClient {
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return { doc, origin: provider, synced, destroy: () => provider.destroy() };
}

/** CPU seconds the process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** CPU seconds the process (or one of its threads) has used so far in its own code and in the kernel for it (syscalls: fsync, socket writes). */
export function cpuSplit(pid: number, thread?: string): { user: number; system: number } {
  const fields = fs.readFileSync(thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}
