import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open';
import { openPostgresDomain, type PostgresDomain } from '../../server/db/pg/domain';
import { isSqliteTable } from '../../server/db/pg/mirror';
import * as domain from '../../server/db/schema';
import { tempDataDir } from '../helpers/server';
import { type Postgres, startPostgres } from '../helpers/services';

/**
 * The sync log's tables differ by design (PostgreSQL numbers each document's log itself), and so do
 * full-text search's (FTS5 there, a tsvector here).
 */
const SYNC_LOG = new Set(['document_updates', 'document_states', 'document_heads', 'search_index', 'search_refs']);

let postgres: Postgres;
let opened: PostgresDomain;
beforeAll(async () => {
  postgres = await startPostgres();
  opened = await openPostgresDomain(postgres.url);
});
afterAll(async () => {
  await opened?.close();
  await postgres?.stop();
});

interface Shape {
  columns: Record<string, { notNull: boolean }>;
  indexes: string[];
  references: string[];
}

/** References as schema.ts declares them: SQLite's catalogue must say the same (checked below). */
function declaredReferences(table: string): string[] {
  const declared = Object.values(domain).find((t) => isSqliteTable(t) && getTableConfig(t).name === table);
  if (!declared || !isSqliteTable(declared)) throw new Error(`${table} is not in schema.ts`);
  return getTableConfig(declared)
    .foreignKeys.map((fk) => {
      const ref = fk.reference();
      return `${getTableConfig(ref.foreignTable).name}.${ref.foreignColumns[0]!.name} ${(fk.onDelete ?? 'no action').toUpperCase()}`;
    })
    .toSorted();
}

function sqliteShapes(): Record<string, Shape> {
  const dir = tempDataDir('schema-shape');
  const { sqlite } = openDatabase(dir, 'NORMAL');
  try {
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and sql not like 'CREATE VIRTUAL%' and name not like 'search_%'")
      .pluck()
      .all() as string[];
    const shapes: Record<string, Shape> = {};
    for (const table of tables.filter((t) => !SYNC_LOG.has(t))) {
      const columns = sqlite.prepare(`select name, "notnull" as nn, pk from pragma_table_info(?)`).all(table) as Array<{ name: string; nn: number; pk: number }>;
      const indexes = (sqlite.prepare(`select name from pragma_index_list(?) where origin = 'c'`).pluck().all(table) as string[]).toSorted();
      const references = (
        sqlite.prepare(`select "table" || '.' || "to" || ' ' || on_delete as r from pragma_foreign_key_list(?)`).pluck().all(table) as string[]
      ).toSorted();
      expect(references, `${table}: SQLite's references as schema.ts declares them`).toEqual(declaredReferences(table));
      shapes[table] = {
        // SQLite lets a single-column text primary key be null unless declared otherwise; PostgreSQL never does.
        columns: Object.fromEntries(columns.map((c) => [c.name, { notNull: c.nn === 1 || c.pk > 0 }])),
        indexes,
        references,
      };
    }
    return shapes;
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresShapes(): Promise<Record<string, Shape>> {
  const q = async <T>(text: string) => (await opened.pool.query(text)).rows as T[];
  const columns = await q<{ table_name: string; column_name: string; is_nullable: string }>(
    "select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'",
  );
  const indexes = await q<{ tablename: string; indexname: string }>("select tablename, indexname from pg_indexes where schemaname = 'public' and indexname not like '%_pkey' and indexname not like '%_pk'");
  const references = await q<{ table_name: string; target: string }>(`
    select src.relname as table_name, dst.relname || '.' || a.attname || ' ' ||
      case c.confdeltype when 'c' then 'CASCADE' when 'n' then 'SET NULL' when 'r' then 'RESTRICT' else 'NO ACTION' end as target
    from pg_constraint c
    join pg_class src on src.oid = c.conrelid
    join pg_class dst on dst.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = c.confkey[1]
    where c.contype = 'f'`);
  const shapes: Record<string, Shape> = {};
  for (const c of columns) {
    if (SYNC_LOG.has(c.table_name)) continue;
    const shape = (shapes[c.table_name] ??= { columns: {}, indexes: [], references: [] });
    shape.columns[c.column_name] = { notNull: c.is_nullable === 'NO' };
  }
  for (const i of indexes) shapes[i.tablename]?.indexes.push(i.indexname);
  for (const r of references) shapes[r.table_name]?.references.push(r.target);
  for (const shape of Object.values(shapes)) {
    shape.indexes.sort();
    shape.references.sort();
  }
  return shapes;
}

describe('the PostgreSQL schema mirrors the SQLite one', () => {
  it('has every domain table with the same columns, nullability, indexes and foreign keys (with their ON DELETE)', async () => {
    const sqlite = sqliteShapes();
    expect(Object.keys(sqlite).length).toBeGreaterThan(30);
    expect(await postgresShapes()).toEqual(sqlite);
  });

  it('runs the domain queries and gives back the same JS values a SQLite row holds: dates, booleans, JSON, defaults', async () => {
    const db = opened.db;
    const createdAt = new Date('2026-03-04T05:06:07.089Z');
    await db.insert(domain.schools).values({ id: 'school', name: 'Nordby skole', createdAt });
    await db.insert(domain.teams).values({ id: 'team', schoolId: 'school', name: '5. trinn', focusTags: ['lesing', 'brøk'], createdAt });
    const [team] = await db.select().from(domain.teams).where(eq(domain.teams.id, 'team'));
    expect(team).toEqual({
      id: 'team',
      schoolId: 'school',
      name: '5. trinn',
      focus: '',
      focusTags: ['lesing', 'brøk'],
      createdAt,
      memberEmailsVisibleToGuests: false,
    });
    // A team of a school that does not exist is refused, as in SQLite with foreign keys on.
    await expect(db.insert(domain.teams).values({ id: 'orphan', schoolId: 'nowhere', name: 'x', createdAt })).rejects.toMatchObject({ cause: { code: '23503' } });
    // Stored as milliseconds, as SQLite keeps them.
    expect((await opened.pool.query('select created_at from teams')).rows).toEqual([{ created_at: createdAt.getTime() }]);
  });
});
