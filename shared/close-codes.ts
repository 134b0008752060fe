/**
 * WebSocket close codes for /collab/:documentId.
 *
 * y-websocket (3.x) treats 4400–4499 as terminal: the provider stops reconnecting. So codes where
 * a retry cannot help live there, and codes where a retry is the right answer live in 4500–4599.
 */
export const CloseCode = {
  /** Standard: a text frame arrived; the protocol is binary only. */
  UNSUPPORTED_DATA: 1003,
  /** Standard: a frame over the maximum size (sent by the ws library itself). */
  MESSAGE_TOO_BIG: 1009,
  /** The server is shutting down; documents were flushed. Reconnect later. */
  GOING_AWAY: 1001,
  /** A message could not be decoded, or carried a broken Yjs update. */
  MALFORMED_MESSAGE: 4400,
  /** No valid session. */
  UNAUTHENTICATED: 4401,
  /** The caller's access to the document was removed while connected. */
  ACCESS_REVOKED: 4403,
  /** The document does not exist, or the caller may not see it (deliberately the same code). */
  NOT_FOUND: 4404,
  /** The document was deleted (with its team, its cycle, by retention or by its author). */
  DELETED: 4410,
  /** The heartbeat went unanswered. */
  HEARTBEAT_TIMEOUT: 4408,
  /**
   * The update would take the document past its limits (shared/limits.ts Limits.document: depth,
   * attribute size, total size). Nothing of it was applied; sending it again cannot help.
   */
  DOCUMENT_TOO_LARGE: 4413,
  /** Stored data could not be loaded; nothing was changed. Retry later. */
  LOAD_FAILED: 4500,
  /** Writing to storage failed; the in-memory copy was dropped. Reconnect to resync. */
  STORAGE_FAILED: 4501,
  /** The connection's permission changed (e.g. downgraded); reconnect to get the new one. */
  PERMISSION_CHANGED: 4502,
  /** The client did not read what it was sent fast enough; reconnect to resync. */
  TOO_SLOW: 4503,
  /** Too many new connections from this person or address; reconnect a little later. */
  RATE_LIMITED: 4529,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
