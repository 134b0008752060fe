import { z } from 'zod';
import { Limits } from '../limits';
import { idParam } from './ids';

const body = z.string().trim().min(1).max(Limits.comment.max);
const anchor = z.string().regex(/^[A-Za-z0-9+/=]+$/).max(Limits.comment.anchor);

export const createThreadBody = z.strictObject({
  /** Yjs relative positions (Y.encodeRelativePosition, base64) of the start and end of the range. */
  anchorStart: anchor,
  anchorEnd: anchor,
  quote: z.string().max(Limits.comment.quote),
  body,
  mentions: z.array(idParam).max(20).default([]),
});
export type CreateThreadBody = z.infer<typeof createThreadBody>;

export const replyBody = z.strictObject({ body, mentions: z.array(idParam).max(20).default([]) });
export const editCommentBody = z.strictObject({ body, mentions: z.array(idParam).max(20).default([]) });
export const resolveBody = z.strictObject({ resolved: z.boolean() });

export interface Comment {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface Thread {
  id: string;
  documentId: string;
  anchorStart: string;
  anchorEnd: string;
  quote: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
  comments: Comment[];
  /** Has comments by others the caller has not read. */
  unread: boolean;
}

/** A thread as the leader's overview lists it. */
export interface ThreadOverview {
  id: string;
  documentId: string;
  documentTitle: string;
  quote: string;
  createdByName: string;
  commentCount: number;
  lastCommentAt: string;
  lastCommentBody: string;
  resolved: boolean;
  unread: boolean;
}

export interface DocumentSinceVisit {
  /** Null on the first visit. */
  visitedAt: string | null;
  /** The content's state vector at that visit (base64), to highlight what is new since. */
  stateVector: string | null;
  newThreads: number;
  threadsWithNewReplies: number;
}

export interface InboxItem {
  id: string;
  kind: 'mention' | 'reply';
  teamId: string;
  teamName: string;
  documentId: string;
  documentTitle: string;
  threadId: string;
  authorName: string;
  excerpt: string;
  createdAt: string;
  read: boolean;
}
