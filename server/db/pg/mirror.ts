/**
 * The domain's PostgreSQL tables, derived from the SQLite schema (`server/db/schema.ts`, the one
 * place a table is declared) rather than written twice: same table, column, key and index names,
 * the same foreign keys and defaults. Each column holds what the domain's SQLite query builder
 * sends for it (./domain.ts runs the same queries on both databases): a boolean, JSON, bytes, and a
 * time as milliseconds since the epoch (bigint), as SQLite keeps it — so the domain's own SQL
 * (retention's "closed at + days × 86 400 000 ≤ now") is one text for both.
 */
import { getTableColumns, is } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { bytea } from './types';

type AnyPgTable = PgTableWithColumns<{ name: string; schema: undefined; columns: Record<string, PgColumn>; dialect: 'pg' }>;

const mirrored = new Map<SQLiteTable, AnyPgTable>();

/** PostgreSQL's type for each kind of SQLite column, by the JS value it holds. */
const pgTypes: Record<string, (name: string) => PgColumnBuilderBase & { primaryKey(): unknown; notNull(): unknown; default(value: unknown): unknown }> = {
  SQLiteText: (name) => text(name),
  SQLiteTextJson: (name) => jsonb(name),
  SQLiteTimestamp: (name) => bigint(name, { mode: 'number' }),
  SQLiteBoolean: (name) => boolean(name),
  SQLiteBlobBuffer: (name) => bytea(name),
  SQLiteInteger: (name) => integer(name),
  SQLiteReal: (name) => doublePrecision(name),
};

function mirrorColumn(column: SQLiteColumn): PgColumnBuilderBase {
  const make = pgTypes[column.columnType];
  if (!make) throw new Error(`No PostgreSQL type for ${column.columnType} (${column.name})`);
  // The builders return themselves; typed loosely here as the mirror's columns are only known at run time.
  let builder = make(column.name) as ReturnType<typeof make>;
  if (column.primary) builder = builder.primaryKey() as typeof builder;
  if (column.notNull && !column.primary) builder = builder.notNull() as typeof builder;
  if (column.hasDefault && column.default !== undefined) builder = builder.default(column.default) as typeof builder;
  return builder;
}

/** The PostgreSQL twin of a SQLite table (made once). */
export function mirror(table: SQLiteTable): AnyPgTable {
  const known = mirrored.get(table);
  if (known) return known;
  const config = getTableConfig(table);
  const columns = Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, column]) => [key, mirrorColumn(column as SQLiteColumn)]));
  const keyOf = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]));
  const made: AnyPgTable = pgTable(config.name, columns, (t) => {
    const col = (c: { name: string }) => t[keyOf.get(c.name)!];
    return [
      ...config.primaryKeys.map((pk) => primaryKey({ columns: pk.columns.map(col) as [never, ...never[]] })),
      ...config.indexes.map((i) => {
        const make = i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name);
        return make.on(...(i.config.columns as Array<{ name: string }>).map(col) as [never, ...never[]]);
      }),
      // Referenced tables are looked up when drizzle builds the table's config, so order does not matter.
      ...config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = mirror(ref.foreignTable as SQLiteTable);
        const targetKey = new Map(Object.entries(getTableColumns(ref.foreignTable)).map(([key, column]) => [column.name, key]));
        let key = foreignKey({
          name: fk.getName(),
          columns: ref.columns.map(col) as [never, ...never[]],
          foreignColumns: ref.foreignColumns.map((c) => target[targetKey.get(c.name)!]) as [never, ...never[]],
        });
        if (fk.onDelete) key = key.onDelete(fk.onDelete);
        if (fk.onUpdate) key = key.onUpdate(fk.onUpdate);
        return key;
      }),
    ];
  });
  mirrored.set(table, made);
  return made;
}

/** Whether `value` is a SQLite table (for walking a schema module). */
export const isSqliteTable = (value: unknown): value is SQLiteTable => is(value, SQLiteTable);
