/**
 * npm run bench -- --only=multi   (or npm run bench:multi [-- --quick])
 *
 * The same typing load on one and on two instances sharing one PostgreSQL and one Redis (both
 * throwaway, started here): Fellesrom's sync server (test/helpers/sync-node-main.ts: numbered log
 * in PostgreSQL, Redis bus) against Hocuspocus with its Redis and Database extensions. Clients of
 * each room alternate between the instances, so with two every edit crosses Redis.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { type Postgres, type RedisServer, startPostgres, startRedis } from '../helpers/services';
import { type SyncNode, startSyncNode } from '../helpers/sync-nodes';
import { percentile, typing } from './load';
import { cpuSeconds, hocuspocusClient, yWebsocketClient } from './targets';

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

async function run(system: MultiSystem, instances: number, services: { postgres: Postgres; redis: RedisServer }, load: { rooms: number; clients: number; rate: number; seconds: number; warmup: number }, round: number): Promise<MultiFigures> {
  const databaseUrl = await services.postgres.createDatabase(`bench_${system}_${instances}_${round}`);
  const nodes: SyncNode[] = await Promise.all(
    Array.from({ length: instances }, () =>
      startSyncNode({
        databaseUrl,
        redisUrl: services.redis.url,
        ...(system === 'hocuspocus' ? { entry: 'test/bench/servers/hocuspocus-redis.ts' } : { env: { COMPACT_AFTER_UPDATES: '500' } }),
      }),
    ),
  );
  try {
    let next = 0;
    let counter = 0;
    const target = {
      rooms: async (count: number) => Array.from({ length: count }, () => `room-${round}-${counter++}`),
      connect: (room: string, doc = new Y.Doc()) => {
        const node = nodes[next++ % nodes.length]!;
        return system === 'hocuspocus' ? hocuspocusClient(node.wsUrl, room, doc) : yWebsocketClient(node.wsUrl, room, doc);
      },
    };
    const cpuBefore = nodes.map((n) => cpuSeconds(n.pid));
    const started = performance.now();
    const r = await typing(target, load);
    void started;
    const cpu = nodes.reduce((sum, n, i) => sum + cpuSeconds(n.pid) - cpuBefore[i]!, 0);
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
    await Promise.all(nodes.map((n) => n.stop()));
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
    `\nMulti-instance (${load.rooms} rooms × ${load.clients} clients, ${load.rate} edits/s each, ${load.seconds} s; median of ${runs}; one PostgreSQL 15 + one Redis 7, clients alternating between instances). F = Fellesrom sync server (PostgreSQL log + Redis bus), H = Hocuspocus 3.4.4 + extension-redis + extension-database on PostgreSQL`,
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
