import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { migrationsFolder } from '../db/open';
import { pgMigrationsFolder } from '../db/pg/open';

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
  const shipped = shippedMigrations(migrationsFolder);
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

const shippedMigrations = (folder: string) =>
  (JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/** The same check on PostgreSQL (DATABASE_URL): drizzle's migrator keeps its table in the `drizzle` schema there. */
export function postgresReadinessCheck(pool: Pool, isShuttingDown: () => boolean): () => Promise<Readiness> {
  const shipped = shippedMigrations(pgMigrationsFolder);
  return async () => {
    let applied: number | null = null;
    try {
      applied = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows[0]!.n);
    } catch {
      applied = null;
    }
    const checks = { migrations: applied === shipped, storage: applied !== null, accepting: !isShuttingDown() };
    return { ready: checks.migrations && checks.storage && checks.accepting, checks };
  };
}
