/** Structured logging: one JSON object per line on stdout (errors on stderr). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (rank[at] < rank[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...base, ...fields }, errorReplacer);
    (at === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  };
}

function errorReplacer(_key: string, value: unknown) {
  return value instanceof Error ? serializeError(value) : value;
}

const MAX_CAUSES = 5;

/**
 * An error as plain JSON: name, message, its `code` (ours, SQLite's, Node's), errno/syscall and
 * HTTP status when present, the stack, and the chain of causes (bounded: a cause may be anything).
 */
export function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const e = error as Error & { code?: unknown; errno?: unknown; syscall?: unknown; status?: unknown; errors?: unknown };
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  for (const key of ['code', 'errno', 'syscall', 'status'] as const) {
    if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key];
  }
  out.stack = e.stack;
  if (e.cause !== undefined) {
    if (depth >= MAX_CAUSES) out.cause = '[more causes]';
    else out.cause = e.cause instanceof Error ? serializeError(e.cause, depth + 1) : String(e.cause);
  }
  if (Array.isArray(e.errors) && depth < MAX_CAUSES) {
    out.errors = e.errors.slice(0, 10).map((inner) => (inner instanceof Error ? serializeError(inner, depth + 1) : String(inner)));
  }
  return out;
}

/**
 * A warning that input from outside can cause (a refused write, an oversize presence state) is
 * logged at most once per `intervalMs` per key, with how many were left out since: a client
 * cannot fill the disk by repeating itself.
 */
export function throttledWarnings(log: Logger, intervalMs = 60_000) {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (key: string, msg: string, fields: Record<string, unknown> = {}, now = Date.now()): void => {
    const entry = seen.get(key);
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed++;
      return;
    }
    log.warn(msg, { ...fields, ...(entry?.suppressed ? { suppressed: entry.suppressed } : {}) });
    seen.set(key, { at: now, suppressed: 0 });
    if (seen.size > 10_000) {
      for (const [k, e] of seen) if (now - e.at >= intervalMs) seen.delete(k);
    }
  };
}
export type ThrottledWarnings = ReturnType<typeof throttledWarnings>;
