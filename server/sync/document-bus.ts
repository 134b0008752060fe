/**
 * How instances tell each other about documents they have open. Updates on it were committed to
 * the database before they were published; a lost or late message is found by its sequence number
 * and read back from the database (server/sync/sequence-order.ts), so the bus may drop messages.
 */
export type BusMessage =
  | { kind: 'update'; seq: number; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  /** An instance opened the document: the others send the awareness states of their sockets. */
  | { kind: 'awareness-query' }
  /** A notice for the document's sockets that asked for events (a comment thread or the meeting changed). */
  | { kind: 'notice'; frame: Uint8Array }
  /**
   * The document is being deleted (`final` false: before its rows go, and repeated while the
   * deletion runs; the instance closes its sockets, drops its copy and refuses it until told again
   * or until the deleting instance has been silent too long) or the deletion ended (`final` true:
   * `deleted` says whether it committed).
   */
  | { kind: 'evict'; requestId: string; code: number; reason: string; final: boolean; deleted: boolean };

/** Which sockets lose their access, on every instance: all criteria given must hold. */
export interface RevokeMatch {
  userId?: string;
  teamId?: string;
  sessionId?: string;
  /** Every session of the user but this one (a password change keeps the session that made it). */
  exceptSessionId?: string;
  /** Only the sockets of these teams (a school leader's standing in the school's teams). */
  teamIds?: string[];
  /** Only sockets opened with this standing (e.g. as school leader, not as a team member). */
  standing?: string;
}

/** Messages for every instance, whatever documents it has open. */
export type ControlMessage = { kind: 'revoke'; match: RevokeMatch; code: number; reason: string };

export type BusListener = (message: BusMessage) => void;

export interface DocumentBus {
  /** Starts hearing other instances' messages about a document. Resolves once subscribed, or at once if the bus is down. */
  join(documentId: string, listener: BusListener): Promise<void>;
  /** Stops, if `listener` is still the document's listener (a newer load may have replaced it). */
  leave(documentId: string, listener: BusListener): void;
  /** Best effort: a message the bus cannot take now is recovered by sequence number. */
  publish(documentId: string, message: BusMessage): void;
  /** Called after the bus reconnects: messages may have been lost meanwhile. */
  onResync(listener: () => void): void;
  /**
   * Publishes an eviction on each document's channel and resolves once every instance that has one
   * of them open has dropped it (or `timeoutMs` passed: an instance that died has nothing to drop).
   */
  evictEverywhere(documentIds: string[], message: Extract<BusMessage, { kind: 'evict' }>, timeoutMs: number): Promise<void>;
  /**
   * Best effort: tells every other instance, whether it has the documents open or not, that their
   * deletion is still under way (`final` false) or ended.
   */
  announceEviction(documentIds: string[], message: Extract<BusMessage, { kind: 'evict' }>): void;
  /** Hears evictions (and their announcements); the returned promise ends when the documents are dropped. */
  onEvict(listener: (documentId: string, message: Extract<BusMessage, { kind: 'evict' }>) => Promise<void>): void;
  /** Best effort, like every message here: tells every other instance. */
  publishControl(message: ControlMessage): void;
  /** Hears the other instances' control messages. */
  onControl(listener: (message: ControlMessage) => void): void;
  close(): Promise<void>;
}
