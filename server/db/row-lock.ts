import { eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { isPostgres } from './dialect';
import type { DbOrTx } from './open';

/**
 * Inside a transaction: makes every other transaction that locks the same row wait here until this
 * one ends. For decisions about a row's dependants that read, decide, then write — the last leader
 * of a team, the last leader of a school, the last way into an account.
 *
 * It is a write that changes nothing (`SET id = id`), so one statement means the same on both
 * databases: on SQLite the gate already runs one transaction at a time; on PostgreSQL under READ
 * COMMITTED the row lock is held to commit, and as each statement there reads the newest committed
 * data, whatever the waiting transaction reads after this line includes the first one's writes.
 */
export async function lockRow(tx: DbOrTx, table: SQLiteTable & { id: SQLiteColumn }, id: string): Promise<void> {
  await tx.update(table).set({ id: sql`${table.id}` } as never).where(eq(table.id, id));
}

/**
 * Inside a transaction: the same for a decision with no row to lock (whether this is the very first
 * account). PostgreSQL: a transaction-scoped advisory lock on the name; SQLite: the gate already
 * runs one transaction at a time.
 */
export async function lockName(tx: DbOrTx, name: string): Promise<void> {
  if (isPostgres(tx)) await tx.run(sql`select pg_advisory_xact_lock(hashtextextended(${`fellesrom:${name}`}, 0))`);
}
