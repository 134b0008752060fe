/**
 * What the sync server reports while it works, for metrics (server/metrics implements it).
 * Store timings and applied updates are measured around the DocumentStore instead, so the
 * sync server itself calls only these.
 */
export interface SyncHooks {
  /** A message was not applied: the socket may not edit, its update was not a suggestion of its own, or it was malformed. */
  refused(reason: 'read_only' | 'not_a_suggestion' | 'malformed'): void;
  /** A frame sent to `recipients` sockets. */
  broadcast(kind: 'update' | 'awareness', bytes: number, recipients: number): void;
}

export const noSyncHooks: SyncHooks = {
  refused: () => {},
  broadcast: () => {},
};
