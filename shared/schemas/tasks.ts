import { z } from 'zod';
import type { DocumentKind } from '../document-kinds';
import { idParam } from './ids';

/** An action item assigned to me (GET /api/me/tasks), or one of a team's open items (team home). */
export interface Task {
  documentId: string;
  documentTitle: string;
  documentKind: DocumentKind;
  teamId: string;
  teamName: string;
  /** Which action item of the document (its position among them). */
  position: number;
  text: string;
  /** Who owns it, as written in the document. */
  owner: string;
  /** YYYY-MM-DD */
  due: string;
  done: boolean;
  /** Open and due before today (in the school's time zone). */
  overdue: boolean;
  /** Whether the caller may mark it done or not done from the list. */
  canToggle: boolean;
}

/**
 * Marking an action item done or not done from a list: it must still be the item the list showed
 * (same owner and text), or the answer is 409 and the list is read again.
 */
export const taskDoneBody = z.strictObject({
  done: z.boolean(),
  owner: z.string().max(80),
  text: z.string().max(300),
});
export type TaskDoneBody = z.infer<typeof taskDoneBody>;

export const taskParam = z.object({
  documentId: idParam,
  position: z.coerce.number().int().min(0).max(999),
});
