import { z } from 'zod';
import { DocumentKinds, type DocumentKind } from '../document-kinds';
import { DocumentSorts } from '../document-list';
import { Limits } from '../limits';
import { Locales } from '../locale';
import { type Visibility, Visibilities } from '../privacy';
import type { CollabPermission } from '../protocol';
import type { Standing } from '../roles';
import { idParam } from './ids';

const titleField = z.string().trim().min(Limits.documentTitle.min).max(Limits.documentTitle.max);
const tagsField = z.array(z.string().trim().min(1).max(Limits.tag.max)).max(Limits.tag.maxPerItem);

export const createDocumentBody = z.strictObject({
  kind: z.enum(DocumentKinds),
  title: titleField,
  /** Language of the starting template; defaults to bokmål. */
  locale: z.enum(Locales).optional(),
  cycleId: idParam.optional(),
  /** The cycle round; defaults to the cycle's current round. */
  round: z.number().int().min(1).max(Limits.cycle.maxRounds).optional(),
  tags: tagsField.optional(),
  /** `private`: a draft only its author sees until it is shared (never an observation). Default `team`. */
  visibility: z.enum(Visibilities).optional(),
});
export type CreateDocumentBody = z.infer<typeof createDocumentBody>;

/** A link to the video meeting (Teams, Meet, Whereby…) on a reflection or team meeting: https only. */
export const meetingUrlField = z.url({ protocol: /^https$/ }).max(Limits.meetingUrl.max);

export const updateDocumentBody = z
  .strictObject({
    title: titleField,
    tags: tagsField,
    archived: z.boolean(),
    /** Reflection and team meetings only; null removes it. */
    meetingUrl: z.union([meetingUrlField, z.null()]),
  })
  .partial();
export type UpdateDocumentBody = z.infer<typeof updateDocumentBody>;

/** The team's full document list: filters and order (`GET /api/teams/:teamId/documents`). */
export const documentListQuery = z.object({
  /** Words in the title. */
  q: z.string().trim().max(Limits.search.max).optional(),
  kind: z.enum(DocumentKinds).optional(),
  cycleId: idParam.optional(),
  tag: z.string().trim().min(1).max(Limits.tag.max).optional(),
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  sort: z.enum(DocumentSorts).default('updated'),
  /** Newest first for dates, A–Å for titles and kinds, unless given. */
  order: z.enum(['asc', 'desc']).optional(),
});
export type DocumentListQuery = z.input<typeof documentListQuery>;

export interface DocumentSummary {
  id: string;
  teamId: string;
  kind: DocumentKind;
  title: string;
  cycleId: string | null;
  round: number | null;
  tags: string[];
  derivedFrom: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  lastEditedBy: string | null;
  archived: boolean;
  visibility: Visibility;
}

/** What the caller may do with a document, decided by the server's policy module. */
export interface DocumentCan {
  /** Change its content, title and tags; save and restore versions. */
  edit: boolean;
  comment: boolean;
  /** Suggest changes (marked, for someone who edits to accept or reject). */
  suggest: boolean;
  /** Accept or reject suggestions. */
  reviewSuggestions: boolean;
  /** Resolve or reopen anyone's thread (one's own thread can always be resolved). */
  resolveThreads: boolean;
  /** Delete other people's comments. */
  moderateComments: boolean;
  archive: boolean;
  delete: boolean;
  /** Read the raw observation notes of the lesson this document belongs to. */
  seeNotes: boolean;
  /** Observe the lesson: write notes of one's own. */
  observe: boolean;
  /** Start the post-lesson discussion. */
  runMeeting: boolean;
  /** Steer a discussion someone else facilitates (the facilitator always may). */
  steerAnyMeeting: boolean;
  /** Publish a frozen copy beyond the team (school, network). */
  publish: boolean;
}

export interface ListedDocument extends DocumentSummary {
  createdByName: string | null;
  lastEditedByName: string | null;
}

export interface DocumentDetail extends DocumentSummary {
  /** What the caller may do in the live document. */
  access: CollabPermission;
  can: DocumentCan;
  /** The caller's standing: their team role, or `school_leader` for a school leader looking in. */
  standing: Standing;
  team: { id: string; name: string; school: { id: string; name: string } };
  /** Reflection and team meetings: the video meeting's link. */
  meetingUrl: string | null;
}

export interface SearchHit {
  type: 'document' | 'cycle';
  id: string;
  title: string;
  kind?: DocumentKind;
  /** Text around the match, if it matched the content. */
  snippet: string | null;
  updatedAt: string;
}
