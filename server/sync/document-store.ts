/** Where the sync server keeps Yjs documents. Small on purpose: a PostgreSQL one can follow. */
export interface StoredDocument {
  /** The compacted state, or null if the document was never compacted. */
  state: Uint8Array | null;
  /** Log rows after the state, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the newest log row (0 if none). */
  lastSeq: number;
}

export interface DocumentStore {
  load(documentId: string): Promise<StoredDocument>;
  /**
   * Appends one update to the document's log. Resolves with its sequence number once it is
   * committed; appends made in the same tick share one transaction.
   */
  append(documentId: string, update: Uint8Array): Promise<number>;
  /** Replaces the state with `state` and drops log rows up to `throughSeq`, atomically. */
  compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void>;
  /** Commits anything queued now. */
  flush(): Promise<void>;
  /** Commits what is queued and lets go of what the store holds (threads, connections). */
  close?(): Promise<void>;
}
