import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/close-codes';
import { type SharedFrame, SyncSocket } from './sync-socket';
import type { CollabPermission } from '../../shared/protocol';
import type { Standing } from '../../shared/roles';

/** Who is on a socket, decided once by the upgrade route (authentication and policy). */
export interface ConnectionInfo {
  documentId: string;
  teamId: string;
  permission: CollabPermission;
  /** Who is on the socket; their name is stamped on their awareness state. */
  user: { id: string; name: string };
  sessionId: string;
  /**
   * Their standing in the document's team, stamped on their awareness state too: a school leader
   * joining a discussion is shown as "Skoleleder" to everyone.
   */
  standing: Standing;
}

/** Unsent bytes a socket may pile up before it is closed as too slow. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** One socket on one document. */
export class Connection {
  alive = true;
  closed = false;
  /** Asked to hear about this document's events (comments, meeting). */
  wantsEvents = false;
  /** Frames received while the document loads, answered in order once it has (then no longer used). */
  queued: Uint8Array[] = [];
  /** The document's engine, once it has loaded. */
  engine: { handle(conn: Connection, message: Uint8Array): void; remove(conn: Connection): void } | null = null;

  constructor(
    readonly ws: WebSocket,
    public info: ConnectionInfo,
  ) {}

  send(message: Uint8Array): void {
    if (this.writable()) this.ws.send(message);
  }

  /** A message many sockets are sent (a broadcast): framed once for all of them. */
  sendShared(shared: SharedFrame): void {
    if (!this.writable()) return;
    if (this.ws instanceof SyncSocket) this.ws.sendShared(shared);
    else this.ws.send(shared.message);
  }

  private writable(): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    // A client that stops reading would make us hold everything for it; it resyncs on reconnect.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.TOO_SLOW, 'too slow');
      return false;
    }
    return true;
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
}

/**
 * Points a joining socket's info at the strings an earlier socket on the same document already
 * holds: the team's id, and the person and session when they are the same. Each upgrade reads
 * them afresh from the database, and a teacher with the plan open in three tabs, or a meeting of
 * thirty, would otherwise keep a copy of each per socket (about 200 bytes).
 */
export function shareIdentity(conn: Connection, others: Iterable<Connection>): void {
  const info = conn.info;
  let teamShared = false;
  for (const other of others) {
    const known = other.info;
    if (!teamShared && known.teamId === info.teamId) {
      info.teamId = known.teamId;
      teamShared = true;
    }
    if (known.sessionId === info.sessionId && known.user.id === info.user.id && known.user.name === info.user.name) {
      info.sessionId = known.sessionId;
      info.user = known.user;
      return;
    }
  }
}
