import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import pkg from '../../package.json' with { type: 'json' };
import { RefusalReasons, type SyncHooks } from '../sync/hooks';

/** Latencies from a fraction of a millisecond (a group commit) to seconds (a large load). */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface StoreTimings {
  loaded(seconds: number): void;
  /** One update committed `seconds` after it was handed to the store. */
  committed(seconds: number): void;
  compacted(seconds: number): void;
}

export interface Metrics {
  registry: Registry;
  sync: SyncHooks;
  store: StoreTimings;
  /** Gauges read when scraped. */
  watch(sources: { openDocuments(): number; restingDocuments(): number; connections(): number }): void;
  http(method: string, route: string, status: number, seconds: number): void;
  backup(ok: boolean): void;
  /** For the mail queue: how many messages wait to be sent, and how many gave up for good. */
  mailQueue(state: 'pending' | 'failed', count: number): void;
}

/** One registry per running server (tests run several in one process). Names: README "Drift". */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  // The event-loop lag is sampled every 100 ms, not prom-client's 10: a timer a hundred times a
  // second kept an idle process at 7.5 ms of CPU per second against 3.3 (pinned, 10 s each).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  new Gauge({ name: 'fellesrom_build_info', help: 'The running version', labelNames: ['version'], registers }).set({ version: pkg.version }, 1);

  let sources = { openDocuments: () => 0, restingDocuments: () => 0, connections: () => 0 };
  const readAtScrape = (name: string, help: string, read: () => number) =>
    registry.registerMetric(
      new Gauge({
        name,
        help,
        registers: [],
        collect() {
          this.set(read());
        },
      }),
    );
  readAtScrape('fellesrom_open_documents', 'Documents held in memory by the sync server', () => sources.openDocuments());
  readAtScrape('fellesrom_resting_documents', 'Open documents held as their encoded state until needed again (DOCUMENT_REST_MS)', () => sources.restingDocuments());
  readAtScrape('fellesrom_connections', 'Open websocket connections', () => sources.connections());
  const applied = new Counter({ name: 'fellesrom_updates_applied_total', help: 'Document updates applied and committed', registers });
  const refused = new Counter({
    name: 'fellesrom_updates_refused_total',
    help: 'Input from sockets not taken, by reason (server/sync/hooks.ts RefusalReasons)',
    labelNames: ['reason'],
    registers,
  });
  const commit = new Histogram({
    name: 'fellesrom_commit_duration_seconds',
    help: 'From an update reaching the store to its commit (group commit included)',
    buckets: SECONDS,
    registers,
  });
  const broadcastBytes = new Counter({
    name: 'fellesrom_broadcast_bytes_total',
    help: 'Bytes sent to peers, counted per recipient',
    labelNames: ['kind'],
    registers,
  });
  const load = new Histogram({ name: 'fellesrom_document_load_duration_seconds', help: 'Reading a document from the store', buckets: SECONDS, registers });
  const compaction = new Histogram({
    name: 'fellesrom_compaction_duration_seconds',
    help: 'Folding a document log into one stored state',
    buckets: SECONDS,
    registers,
  });
  const requests = new Counter({
    name: 'fellesrom_http_requests_total',
    help: 'HTTP requests by method, matched route and status',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'fellesrom_http_request_duration_seconds',
    help: 'HTTP request duration by method and matched route',
    labelNames: ['method', 'route'],
    buckets: SECONDS,
    registers,
  });
  const backups = new Counter({ name: 'fellesrom_backups_total', help: 'Scheduled backups by result', labelNames: ['result'], registers });
  const lastBackup = new Gauge({ name: 'fellesrom_last_backup_timestamp_seconds', help: 'When the last scheduled backup succeeded', registers });
  const mail = new Gauge({ name: 'fellesrom_mail_queue', help: 'Mails waiting to be sent (pending) or given up (failed)', labelNames: ['state'], registers });
  for (const reason of RefusalReasons) refused.inc({ reason }, 0);
  for (const kind of ['update', 'awareness']) broadcastBytes.inc({ kind }, 0);
  for (const state of ['pending', 'failed']) mail.set({ state }, 0);

  return {
    registry,
    sync: {
      refused: (reason) => refused.inc({ reason }),
      broadcast: (kind, bytes, recipients) => {
        if (recipients > 0) broadcastBytes.inc({ kind }, bytes * recipients);
      },
    },
    store: {
      loaded: (seconds) => load.observe(seconds),
      committed: (seconds) => {
        applied.inc();
        commit.observe(seconds);
      },
      compacted: (seconds) => compaction.observe(seconds),
    },
    watch(next) {
      sources = next;
    },
    http(method, route, status, seconds) {
      requests.inc({ method, route, status });
      requestSeconds.observe({ method, route }, seconds);
    },
    backup(ok) {
      backups.inc({ result: ok ? 'ok' : 'failed' });
      if (ok) lastBackup.setToCurrentTime();
    },
    mailQueue: (state, count) => mail.set({ state }, count),
  };
}
