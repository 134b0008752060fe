import { z } from 'zod';
import { Limits } from '../limits';
import { Retention } from '../privacy';

/** Deleting a team or a cycle: the caller types its name, as a check against slips. */
export const confirmDeletionBody = z.strictObject({ confirm: z.string().max(Limits.documentTitle.max + Limits.teamName.max) });

/**
 * Deleting one's own account takes the password, so a borrowed session cannot do it; an account
 * without one (it signs in through Feide) types its e-mail address instead.
 */
export const deleteAccountBody = z.strictObject({
  password: z.string().min(1).max(Limits.password.max).optional(),
  confirm: z.string().max(Limits.email.max).optional(),
});

export const retentionBody = z.strictObject({
  observationRetentionDays: z.number().int().min(0).max(Retention.maxObservationDays),
});

/** What a deletion removed, for the confirmation the person sees. */
export interface DeletionResult {
  documents: number;
  threads: number;
  versions: number;
}

/** A closed cycle whose raw observation notes are waiting to be deleted. */
export interface PendingDeletion {
  cycleId: string;
  title: string;
  closedAt: string;
  observationRetentionDays: number;
  /** When the job deletes them (it runs hourly, so within the hour after). */
  deletesAt: string;
  observationDocuments: number;
  /** Within `Retention.warnDays`: leaders are warned. */
  soon: boolean;
}

/** What this installation keeps and for how long: the facts the "Personvern" page states. */
export interface PrivacySettings {
  retention: { defaultObservationDays: number; maxObservationDays: number; warnDays: number; auditDays: number };
  /** How long a sign-in lasts. */
  sessionHours: number;
  signup: 'open' | 'invite' | 'domains';
  /** Where the data lives: this server's own database file. */
  storage: 'sqlite';
  /** Deleted rows are overwritten, and the write-ahead log truncated after each deletion. */
  secureDelete: true;
  /** Largest team export an import accepts, in MB. */
  importMaxMb: number;
  /** Scheduled backups of the database, if the server makes them: deleted data is gone from them once the oldest is replaced. */
  backups: { everyHours: number; keep: number } | null;
  /** The identity provider people may sign in with (Feide), if any. */
  identityProvider: string | null;
}
