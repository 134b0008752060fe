/**
 * What the sync server reports while it works, for metrics (server/metrics implements it).
 * Store timings and applied updates are measured around the DocumentStore instead, so the
 * sync server itself calls only these.
 */

/** Why input from a socket was not taken (all of it: the engine keeps nothing of a refused update). */
export const RefusalReasons = [
  /** The socket may not edit. */
  'read_only',
  /** A suggesting socket sent more than a suggestion of its own (server/sync/suggestions.ts). */
  'not_a_suggestion',
  /** Could not be decoded (the socket is closed). */
  'malformed',
  /** Yjs threw part-way through applying it; the document was read again from the store. */
  'partial_apply',
  /** It would take the document past Limits.document (size, one value, nesting) or held a subdocument. */
  'size',
  'attribute',
  'depth',
  'subdocument',
  /** Presence entries left out (Limits.awareness). */
  'state_too_large',
  'document_presence_full',
  'too_many_clients',
] as const;
export type Refusal = (typeof RefusalReasons)[number];

export interface SyncHooks {
  /** Input from a socket was not taken. */
  refused(reason: Refusal): void;
  /** A frame sent to `recipients` sockets. */
  broadcast(kind: 'update' | 'awareness', bytes: number, recipients: number): void;
}

export const noSyncHooks: SyncHooks = {
  refused: () => {},
  broadcast: () => {},
};
