/**
 * The PostgreSQL schema. Phase 1 of issue 17 holds the sync server's tables only (the update log,
 * its per-document head, the folded states); the domain tables follow when every query has an
 * async form (see STATUS-scale.md). Migrations: `npm run db:generate:pg`.
 */
import { bigint, customType, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * One row per document that has a log: the newest sequence number handed out. Appends bump it
 * with `INSERT … ON CONFLICT DO UPDATE`, whose row lock is held to the end of the transaction, so
 * one document's sequence numbers commit in order: once seq N is visible, so is every seq below it.
 * That is what lets another instance tell a missed message from one that is merely late.
 */
export const documentHeads = pgTable('document_heads', {
  documentId: text('document_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

/** Append-only log of accepted Yjs updates, numbered 1, 2, 3… per document. */
export const documentUpdates = pgTable(
  'document_updates',
  {
    documentId: text('document_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    update: bytea('update').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.seq] })],
);

/** The log folded into one Yjs update, and the last sequence number folded into it. */
export const documentStates = pgTable('document_states', {
  documentId: text('document_id').primaryKey(),
  state: bytea('state').notNull(),
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
  compactedAt: timestamp('compacted_at', { withTimezone: true, mode: 'date' }).notNull(),
});
