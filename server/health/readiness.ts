import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { migrationsFolder } from '../db/open';

export interface Readiness {
  ready: boolean;
  checks: {
    /** Every migration shipped with this build is applied, and none the build does not know. */
    migrations: boolean;
    /** The database answers a query. */
    storage: boolean;
    /** Not shutting down. */
    accepting: boolean;
  };
}

/** For GET /api/ready: a load balancer sends traffic only while every check holds. */
export function readinessCheck(sqlite: Database.Database, isShuttingDown: () => boolean): () => Readiness {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  const shipped = journal.entries.length;
  return () => {
    let applied: number | null = null;
    try {
      applied = sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number;
    } catch {
      applied = null;
    }
    const checks = { migrations: applied === shipped, storage: applied !== null, accepting: !isShuttingDown() };
    return { ready: checks.migrations && checks.storage && checks.accepting, checks };
  };
}
