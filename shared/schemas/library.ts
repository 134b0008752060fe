import { z } from 'zod';
import { DocumentKinds, type DocumentKind } from '../document-kinds';
import { Limits } from '../limits';
import { Locales } from '../locale';
import type { ReferenceReason } from '../pupil-references';
import type { Cycle } from './cycles';
import type { DocumentSummary } from './documents';
import { idParam } from './ids';

/** How far a published copy reaches: the team's school, or every school in the school's networks. */
export const PublishScopes = ['school', 'network'] as const;
export type PublishScope = (typeof PublishScopes)[number];

const shortText = (max: number) => z.string().trim().max(max);

/**
 * Publishing a frozen copy. `confirmed` is the publisher's word that no pupil can be recognised in
 * it, given after they saw the pupil-reference check (GET …/publish-check); without it: 422.
 */
export const publishBody = z.strictObject({
  scope: z.enum(PublishScopes),
  confirmed: z.boolean().optional(),
  subject: shortText(Limits.library.subject).optional(),
  grade: shortText(Limits.library.grade).optional(),
});
export type PublishBody = z.infer<typeof publishBody>;

/** A place in the text that may name a pupil, with some words around it for the publisher to judge. */
export interface PupilReferenceHit {
  word: string;
  reason: ReferenceReason;
  before: string;
  after: string;
}

export interface PublishCheck {
  references: PupilReferenceHit[];
  /** The copy's words, counted, so the publisher knows the check read something. */
  words: number;
  /** Where the document is published already (not withdrawn). */
  published: PublishedSummary[];
}

export const libraryQuery = z.object({
  q: z.string().trim().max(Limits.search.max).optional(),
  focusArea: z.string().trim().min(1).max(Limits.tag.max).optional(),
  subject: shortText(Limits.library.subject).optional(),
  grade: shortText(Limits.library.grade).optional(),
  kind: z.enum(DocumentKinds).optional(),
});
export type LibraryQuery = z.input<typeof libraryQuery>;

export interface PublishedSummary {
  id: string;
  title: string;
  kind: DocumentKind;
  scope: PublishScope;
  tags: string[];
  subject: string;
  grade: string;
  researchQuestion: string;
  team: { id: string; name: string };
  school: { id: string; name: string };
  publishedAt: string;
  publishedByName: string | null;
  /** How many cycles were started from it (in any team that can see it). */
  reuseCount: number;
  /** Search hit: text around the words found. */
  snippet: string | null;
}

export interface PublishedDetail extends PublishedSummary {
  /** The frozen content as ProseMirror JSON (for a read-only view). */
  content: unknown;
  /** Whether the caller may withdraw it (see policies.authorizeWithdraw). */
  canWithdraw: boolean;
  /** The teams the caller may start a cycle from it in. */
  forkTeams: Array<{ id: string; name: string }>;
}

export const forkBody = z.strictObject({
  teamId: idParam,
  locale: z.enum(Locales).optional(),
});

export interface ForkResult {
  cycle: Cycle;
  document: DocumentSummary;
}

/** The origin of a cycle started from the library, as its team sees it. */
export interface CycleOrigin {
  publishedId: string;
  title: string;
  teamName: string;
  schoolName: string;
  /** Withdrawn since (or gone with its team): the link no longer opens. */
  withdrawn: boolean;
}
