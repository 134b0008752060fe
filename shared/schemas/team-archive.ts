/**
 * `team.json` in a team export (GET /api/teams/:teamId/export), and what an import
 * (POST /api/teams/import) accepts. Every id is the exporting server's; an import gives
 * everything new ids. Dates are ISO strings.
 */
import { z } from 'zod';
import { Phases } from '../cycles';
import { DocumentKinds } from '../document-kinds';
import { Limits } from '../limits';
import { Retention, Visibilities } from '../privacy';
import { Roles } from '../roles';
import { ID_PATTERN } from '../ids';

export const ARCHIVE_FORMAT = 'fellesrom-team-export';
export const ARCHIVE_VERSION = 1;

/** Bounds on what an import may hold, so a crafted archive cannot exhaust the server. */
export const ArchiveLimits = {
  /** Uncompressed, all files together. */
  maxTotalBytes: 512 * 1024 * 1024,
  maxFileBytes: 64 * 1024 * 1024,
  maxFiles: 50_000,
  maxDocuments: 5_000,
  maxThreads: 50_000,
  maxCommentsPerThread: 1_000,
  maxVersions: 20_000,
  maxPeople: 5_000,
  maxCycles: 1_000,
} as const;

const id = z.string().regex(ID_PATTERN);
const date = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);
const fileName = z.string().regex(/^[\p{L}\p{N} ._()/-]{1,300}$/u).refine((f) => !f.split('/').includes('..'), 'no ".." in file names');
const tags = z.array(text(Limits.tag.max)).max(Limits.tag.maxPerItem);

const person = z.strictObject({ id, name: text(Limits.personName.max), email: text(Limits.email.max).nullable(), role: z.enum(Roles).nullable() });

const cycle = z.strictObject({
  id,
  title: text(Limits.documentTitle.max).min(1),
  researchQuestion: text(Limits.researchQuestion.max),
  tags,
  phase: z.enum(Phases),
  round: z.number().int().min(1).max(Limits.cycle.maxRounds),
  plannedRounds: z.number().int().min(1).max(Limits.cycle.maxRounds),
  createdBy: id.nullable(),
  createdAt: date,
  updatedAt: date,
  closedAt: date.nullable(),
  observationRetentionDays: z.number().int().min(0).max(Retention.maxObservationDays),
});

const document = z.strictObject({
  id,
  kind: z.enum(DocumentKinds),
  title: text(Limits.documentTitle.max).min(1),
  cycleId: id.nullable(),
  round: z.number().int().min(1).max(Limits.cycle.maxRounds).nullable(),
  tags,
  derivedFrom: id.nullable(),
  createdBy: id.nullable(),
  createdAt: date,
  updatedAt: date,
  lastEditedBy: id.nullable(),
  archived: z.boolean(),
  visibility: z.enum(Visibilities),
  files: z.strictObject({ yjs: fileName, md: fileName, docx: fileName }),
});

const comment = z.strictObject({
  id,
  authorId: id,
  body: text(Limits.comment.max),
  mentions: z.array(id).max(20),
  createdAt: date,
  editedAt: date.nullable(),
  deleted: z.boolean(),
});

const thread = z.strictObject({
  id,
  documentId: id,
  anchorStart: text(Limits.comment.anchor),
  anchorEnd: text(Limits.comment.anchor),
  quote: text(Limits.comment.quote),
  createdBy: id,
  createdAt: date,
  updatedAt: date,
  resolvedAt: date.nullable(),
  resolvedBy: id.nullable(),
  comments: z.array(comment).min(1).max(ArchiveLimits.maxCommentsPerThread),
});

const version = z.strictObject({
  id,
  documentId: id,
  name: text(Limits.versionName.max + 40),
  auto: z.boolean(),
  createdBy: id.nullable(),
  createdAt: date,
  file: fileName,
});

const evidence = z.strictObject({
  sourceDocumentId: text(200).nullable(),
  noteId: text(200).nullable(),
  planId: text(200).nullable(),
  step: text(200).nullable(),
  pupil: text(200).nullable(),
});

export const teamArchive = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  exportedAt: date,
  exportedBy: id,
  team: z.strictObject({
    id,
    name: text(Limits.teamName.max).min(1),
    school: text(Limits.schoolName.max).min(1),
    focus: text(Limits.focus.max),
    focusTags: tags,
    createdAt: date,
  }),
  /** Everyone the archive names: members (with role) and former members who wrote something (role null). */
  people: z.array(person).max(ArchiveLimits.maxPeople),
  cycles: z.array(cycle).max(ArchiveLimits.maxCycles),
  documents: z.array(document).max(ArchiveLimits.maxDocuments),
  threads: z.array(thread).max(ArchiveLimits.maxThreads),
  versions: z.array(version).max(ArchiveLimits.maxVersions),
  /** Read from the documents' content; for people reading the archive, not needed to import it. */
  actionItems: z.array(
    z.strictObject({ documentId: id, text: z.string(), owner: z.string().nullable(), due: z.string().nullable(), done: z.boolean() }),
  ),
  findings: z.array(z.strictObject({ reflectionId: id, text: z.string(), evidence: z.array(evidence) })),
});
export type TeamArchive = z.infer<typeof teamArchive>;

/** What an import made. */
export interface ImportResult {
  teamId: string;
  name: string;
  documents: number;
  threads: number;
  versions: number;
  cycles: number;
}

/** Where a running export is (GET /api/teams/:teamId/export/progress/:exportId). */
export interface ExportProgress {
  documents: { done: number; total: number };
  bytes: number;
  finished: boolean;
  failed: boolean;
}

/** Names the client picks for an export so it can ask how far it got. */
export const exportIdField = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
