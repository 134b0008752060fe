/**
 * The PostgreSQL schema: the sync server's own tables (the update log numbered per document, its
 * head, the folded states), then every domain table mirrored from the SQLite schema (./mirror.ts).
 * Migrations: `npm run db:generate:pg`.
 */
import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import * as domain from '../schema';
import { mirror } from './mirror';
import { bytea } from './types';

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

/**
 * The log folded into one Yjs update, and the last sequence number folded into it. A new document's
 * first state is written by the domain (through 0, in the transaction that creates it), with the
 * time in milliseconds like every other time the domain writes.
 */
export const documentStates = pgTable('document_states', {
  documentId: text('document_id').primaryKey(),
  state: bytea('state').notNull(),
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull().default(0),
  compactedAt: bigint('compacted_at', { mode: 'number' }).notNull(),
});

// The domain tables. SQLite's document_updates and document_states are the sync log's, above.
export const users = mirror(domain.users);
export const sessions = mirror(domain.sessions);
export const schools = mirror(domain.schools);
export const teams = mirror(domain.teams);
export const schoolAdmins = mirror(domain.schoolAdmins);
export const memberships = mirror(domain.memberships);
export const invites = mirror(domain.invites);
export const cycles = mirror(domain.cycles);
export const teamVisits = mirror(domain.teamVisits);
export const documents = mirror(domain.documents);
export const commentThreads = mirror(domain.commentThreads);
export const comments = mirror(domain.comments);
export const threadReads = mirror(domain.threadReads);
export const documentVisits = mirror(domain.documentVisits);
export const inboxItems = mirror(domain.inboxItems);
export const activities = mirror(domain.activities);
export const documentVersions = mirror(domain.documentVersions);
export const meetings = mirror(domain.meetings);
export const lessonClocks = mirror(domain.lessonClocks);
export const userIdentities = mirror(domain.userIdentities);
export const oidcLogins = mirror(domain.oidcLogins);
export const passwordResets = mirror(domain.passwordResets);
export const mailOutbox = mirror(domain.mailOutbox);
export const notificationSettings = mirror(domain.notificationSettings);
export const pendingNotifications = mirror(domain.pendingNotifications);
export const digestLog = mirror(domain.digestLog);
export const actionItems = mirror(domain.actionItems);
export const taskReminders = mirror(domain.taskReminders);
export const auditEvents = mirror(domain.auditEvents);
export const networks = mirror(domain.networks);
export const networkSchools = mirror(domain.networkSchools);
export const networkInvites = mirror(domain.networkInvites);
export const publishedDocuments = mirror(domain.publishedDocuments);
