import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { type CustomTypesConfig, Pool } from 'pg';
import * as schema from './schema';

export type PgDb = NodePgDatabase<typeof schema>;
export interface OpenPostgres {
  db: PgDb;
  pool: Pool;
  close(): Promise<void>;
}

/** Beside this module in the sources, beside the bundle in dist/server/pg-migrations (scripts/build.ts copies them). */
const here = path.dirname(fileURLToPath(import.meta.url));
export const pgMigrationsFolder = fs.existsSync(path.join(here, 'pg-migrations')) ? path.join(here, 'pg-migrations') : path.join(here, 'migrations');

/** Any fixed 64-bit number, the same in every instance: the key of the migration lock. */
const MIGRATION_LOCK = 0x66656c6c_6573;

/**
 * Connects to `url` and applies the migrations. Several instances may start at once: the first to
 * take the session advisory lock migrates, the others wait for it and then find nothing to do.
 */
export async function openPostgres(url: string, options: { maxConnections?: number; types?: CustomTypesConfig } = {}): Promise<OpenPostgres> {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10, ...(options.types ? { types: options.types } : {}) });
  // An idle client that loses its server (a restart) must not take the process down.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db: drizzle(pool, { schema }), pool, close: () => pool.end() };
}
