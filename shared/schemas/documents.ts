import { z } from 'zod';
import { DocumentKinds, type DocumentKind } from '../document-kinds';
import { Limits } from '../limits';
import { Locales } from '../locale';
import { type Visibility, Visibilities } from '../privacy';
import type { CollabPermission } from '../protocol';
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

export const updateDocumentBody = z
  .strictObject({
    title: titleField,
    tags: tagsField,
    archived: z.boolean(),
  })
  .partial();
export type UpdateDocumentBody = z.infer<typeof updateDocumentBody>;

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

export interface DocumentDetail extends DocumentSummary {
  /** What the caller may do in the live document. */
  access: CollabPermission;
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
