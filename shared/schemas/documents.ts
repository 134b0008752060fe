import { z } from 'zod';
import { DocumentKinds, type DocumentKind } from '../document-kinds';
import { Limits } from '../limits';
import { Locales } from '../locale';

export const createDocumentBody = z.strictObject({
  kind: z.enum(DocumentKinds),
  title: z.string().trim().min(Limits.documentTitle.min).max(Limits.documentTitle.max),
  /** Language of the starting template; defaults to bokmål. */
  locale: z.enum(Locales).optional(),
});
export type CreateDocumentBody = z.infer<typeof createDocumentBody>;

export interface DocumentSummary {
  id: string;
  teamId: string;
  kind: DocumentKind;
  title: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}
