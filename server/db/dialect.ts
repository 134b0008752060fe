/**
 * Which database a domain handle talks to. The domain's queries are one set, built by drizzle's
 * SQLite query builder and run on either database (see ./pg/domain.ts); the few statements that
 * must differ (full-text search, JSON containment, the catalogue, what follows a deletion) ask here.
 */
export type Dialect = 'sqlite' | 'postgres';

const postgresHandles = new WeakSet<object>();

/** Called by ./pg/domain.ts for its handle and each transaction's. */
export function markPostgres(handle: object): void {
  postgresHandles.add(handle);
}

export const isPostgres = (handle: object): boolean => postgresHandles.has(handle);
export const dialectOf = (handle: object): Dialect => (isPostgres(handle) ? 'postgres' : 'sqlite');
