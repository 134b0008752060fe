/**
 * npm run bench -- --only=multi   (or npm run bench:multi [-- --quick])
 *
 * The same typing load on one and on two instances sharing one PostgreSQL and one Redis (both
 * throwaway, started here). Fellesrom is the whole server as `npm start` runs it (the bundle, with
 * DATABASE_URL + REDIS_URL): each room's typists are different people of one team, signed in with
 * their own session cookies, on the authenticated /collab endpoint. The peer is Hocuspocus with its
 * Redis and Database extensions. Clients of each room alternate between the instances, so with two
 * every edit crosses Redis.
 */
import * as Y from 'yjs';
import { addMember, createDocument, type Session, teamLeader } from '../helpers/api';
import { socketWithCookie } from '../helpers/clients';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { type SyncNode, startSyncNode } from '../helpers/sync-nodes';
import { percentile, typing } from './load';
import { cpuSeconds, hocuspocusClient, type RunningTarget, startTarget, type YClient, yWebsocketClient } from './targets';

export type MultiSystem = 'fellesrom' | 'hocuspocus';

export interface MultiFigures {
  system: MultiSystem;
  instances: number;
  deliveredPerSecond: number;
  expectedPerSecond: number;
  p50: number;
  p95: number;
  /** CPU of the instances (not of PostgreSQL or Redis) per 1000 delivered edits. */
  cpuMsPer1000: number | null;
}

interface Instances {
  pids: number[];
  rooms(count: number): Promise<string[]>;
  connect(room: string, doc?: Y.Doc): YClient;
  stop(): Promise<void>;
}

/**
 * Fellesrom's server `count` times on one database: a team of `people` (a leader and invited
 * members, as real people join), rooms made through the API, and each room's n-th client signed
 * in as the team's n-th person.
 */
async function fellesromInstances(count: number, databaseUrl: string, redisUrl: string, people: number): Promise<Instances> {
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SECRET_KEY: 'the bench instances share this secret key of 32+ characters',
    COMPACT_AFTER_UPDATES: '500',
  };
  const targets: RunningTarget[] = [];
  try {
    // One after another: the first runs the migrations (the others would wait for its lock anyway).
    for (let i = 0; i < count; i++) targets.push(await startTarget('fellesrom', { env }));
  } catch (error) {
    await Promise.all(targets.map((t) => t.stop()));
    throw error;
  }
  const url = (t: RunningTarget) => `http://127.0.0.1:${t.port}`;
  const { session: leader, teamId } = await teamLeader(url(targets[0]!), 'Bench Leder', 'Benchteam');
  const team: Session[] = [leader];
  while (team.length < people) team.push(await addMember(leader, teamId, 'member', `Lærer ${team.length}`));
  let next = 0;
  let made = 0;
  const joined = new Map<string, number>();
  return {
    pids: targets.map((t) => t.pid),
    async rooms(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await createDocument(leader, teamId, 'note', `Bench ${made++}`));
      return ids;
    },
    connect(room, doc = new Y.Doc()) {
      const nth = joined.get(room) ?? 0;
      joined.set(room, nth + 1);
      const target = targets[next++ % targets.length]!;
      return yWebsocketClient(`ws://127.0.0.1:${target.port}/collab`, room, doc, socketWithCookie(team[nth % team.length]!.cookie));
    },
    stop: async () => {
      await Promise.all(targets.map((t) => t.stop()));
    },
  };
}

/** Hocuspocus `count` times with its Redis and Database extensions on one database (rooms need no account). */
async function hocuspocusInstances(count: number, databaseUrl: string, redisUrl: string, round: number): Promise<Instances> {
  // One after another: each creates its table if missing, and PostgreSQL's CREATE TABLE IF NOT
  // EXISTS is not safe against itself running at the same moment.
  const nodes: SyncNode[] = [];
  try {
    for (let i = 0; i < count; i++) nodes.push(await startSyncNode({ databaseUrl, redisUrl, entry: 'test/bench/servers/hocuspocus-redis.ts' }));
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  let next = 0;
  let made = 0;
  return {
    pids: nodes.map((n) => n.pid),
    rooms: async (n) => Array.from({ length: n }, () => `room-${round}-${made++}`),
    connect: (room, doc = new Y.Doc()) => hocuspocusClient(nodes[next++ % nodes.length]!.wsUrl, room, doc),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

async function run(system: MultiSystem, instances: number, services: { postgres: Postgres; redis: RedisServer }, load: { rooms: number; clients: number; rate: number; seconds: number; warmup: number }, round: number): Promise<MultiFigures> {
  const databaseUrl = await services.postgres.createDatabase(`bench_${system}_${instances}_${round}`);
  const running =
    system === 'fellesrom'
      ? await fellesromInstances(instances, databaseUrl, services.redis.url, load.clients)
      : await hocuspocusInstances(instances, databaseUrl, services.redis.url, round);
  try {
    const cpuBefore = running.pids.map((pid) => cpuSeconds(pid));
    const r = await typing(running, load);
    const cpu = running.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuBefore[i]!, 0);
    const round2 = (n: number) => Math.round(n * 100) / 100;
    return {
      system,
      instances,
      deliveredPerSecond: Math.round(r.delivered / r.seconds),
      expectedPerSecond: Math.round((r.offered / r.seconds) * (load.clients - 1)),
      p50: round2(percentile(r.latenciesMs, 50)),
      p95: round2(percentile(r.latenciesMs, 95)),
      cpuMsPer1000: r.delivered ? Math.round(((cpu * 1000) / r.delivered) * 1000 * 10) / 10 : null,
    };
  } finally {
    await running.stop();
  }
}

/** Runs every configuration `runs` times; returns the table as lines. */
export async function multiInstance(quick: boolean, log: (line: string) => void): Promise<string[]> {
  const runs = quick ? 1 : 3;
  const load = { rooms: 10, clients: 6, rate: 5, seconds: quick ? 4 : 10, warmup: quick ? 1 : 2 };
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const results: MultiFigures[] = [];
  try {
    for (let round = 0; round < runs; round++) {
      for (const system of ['fellesrom', 'hocuspocus'] as const) {
        for (const instances of [1, 2]) {
          const figures = await run(system, instances, { postgres, redis }, load, round);
          log(`  ${system} ×${instances}: ${JSON.stringify(figures)}`);
          results.push(figures);
        }
      }
    }
  } finally {
    await redis.stop();
    await postgres.stop();
  }
  const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const keys = ['deliveredPerSecond', 'p50', 'p95', 'cpuMsPer1000'] as const;
  const labels: Record<(typeof keys)[number], string> = {
    deliveredPerSecond: 'updates delivered/s',
    p50: 'edit-to-peer latency p50 (ms)',
    p95: 'edit-to-peer latency p95 (ms)',
    cpuMsPer1000: 'instances’ CPU ms per 1000 delivered',
  };
  const cell = (system: MultiSystem, instances: number, key: (typeof keys)[number]) =>
    median(results.filter((r) => r.system === system && r.instances === instances).map((r) => r[key] ?? Number.NaN));
  const columns = ['figure', 'F ×1', 'F ×2', 'F×2÷F×1', 'H ×1', 'H ×2', 'H×2÷H×1', 'F×2÷H×2'];
  const rows = keys.map((key) => {
    const [f1, f2, h1, h2] = [cell('fellesrom', 1, key), cell('fellesrom', 2, key), cell('hocuspocus', 1, key), cell('hocuspocus', 2, key)];
    const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : 'n/a');
    return [labels[key], String(f1), String(f2), ratio(f2, f1), String(h1), String(h2), ratio(h2, h1), ratio(f2, h2)];
  });
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `\nMulti-instance (${load.rooms} rooms × ${load.clients} clients, ${load.rate} edits/s each, ${load.seconds} s; median of ${runs}; one PostgreSQL 15 + one Redis 7, clients alternating between instances). F = Fellesrom, the whole server (bundle; PostgreSQL log + Redis bus; each room's clients are different signed-in people), H = Hocuspocus 3.4.4 + extension-redis + extension-database on PostgreSQL`,
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `expected deliveries/s: ${results[0]?.expectedPerSecond ?? 'n/a'} (every edit to the other ${load.clients - 1} clients of its room)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const started = Date.now();
  const lines = await multiInstance(quick, (l) => process.stderr.write(`[${Math.round((Date.now() - started) / 1000)} s] ${l}\n`));
  for (const l of lines) console.log(l);
  process.exit(0);
}
