/**
 * Message types on /collab. 0–3 are the y-websocket protocol; the rest are Fellesrom's own and
 * are only sent to clients that asked for them, so a stock y-websocket client never sees them.
 */
export const MessageType = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
  /**
   * Client → server: `[SAVED, nonce]` "tell me when everything I sent before this is stored".
   * Server → client: `[SAVED, nonce]` once it is. Lets the editor say "lagret" truthfully.
   */
  SAVED: 100,
  /**
   * Client → server: `[COMMENTS]` "tell me about this document's events" (comments, meeting).
   * Server → client: `[COMMENTS, threadId]` after a thread or comment changed; fetch it over HTTP.
   */
  COMMENTS: 101,
  /** Server → client: `[MEETING]` the document's meeting (step, timer, facilitator) changed. */
  MEETING: 102,
  /** Server → client: `[LESSON]` the lesson this document belongs to changed (its clock started). */
  LESSON: 103,
} as const;

/**
 * Connection permission decided once, on upgrade. A `suggest` socket may only add content wrapped
 * in its own insertion mark and mark text with its own deletion mark (server/sync/suggestions.ts).
 */
export type CollabPermission = 'edit' | 'suggest' | 'comment' | 'read';

/** Reason text sent with a y-protocols "permission denied" auth message to read-only sockets. */
export const READ_ONLY_REASON = 'read-only';
/** Sent the same way to a suggesting socket whose update was not a well-formed suggestion of its own. */
export const SUGGEST_ONLY_REASON = 'suggest-only';
