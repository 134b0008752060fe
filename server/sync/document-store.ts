/** Where the sync server keeps Yjs documents. Small on purpose: a PostgreSQL one can follow. */
export interface StoredDocument {
  /** The compacted state, or null if the document was never compacted. */
  state: Uint8Array | null;
  /**
   * Log rows not yet dropped, oldest first: after the state, but also (while a fold's rows are
   * being dropped, or after a crash in the middle) some the state already holds, which change
   * nothing when applied again.
   */
  updates: Uint8Array[];
  /** Sequence number of the newest log row (0 if none). */
  lastSeq: number;
}

export interface DocumentStore {
  load(documentId: string): Promise<StoredDocument>;
  /**
   * Appends one update to the document's log. Resolves with its sequence number once it is
   * committed; appends made in the same tick share one transaction. Rejects with
   * DeletedDocumentError, and writes nothing, if the document is no longer in the database (an
   * instance that never heard of the deletion must not leave log rows behind); the other appends
   * of the transaction are not affected.
   */
  append(documentId: string, update: Uint8Array): Promise<number>;
  /**
   * Replaces the state with `state` and drops log rows up to `throughSeq`; resolves once both are
   * done. The state is written first, atomically; the rows may be dropped over several commits
   * after it (see StoredDocument.updates).
   */
  compact(documentId: string, state: Uint8Array, throughSeq: number): Promise<void>;
  /** Commits anything queued now. */
  flush(): Promise<void>;
  /** Commits what is queued and lets go of what the store holds (threads, connections). */
  close?(): Promise<void>;
}

/** An append to a document that was deleted meanwhile. */
export class DeletedDocumentError extends Error {
  constructor(readonly documentId: string) {
    super(`document ${documentId} was deleted; its log takes no more updates`);
    this.name = 'DeletedDocumentError';
  }
}
