/**
 * The sync server: the y-websocket protocol over one socket per open document.
 *
 * A connection's life, top to bottom:
 *   1. authenticate: the upgrade route checked the session, the Origin and the policy, and
 *      decided the socket's permission, before handing it here;
 *   2. load: the registry reads the document from the store once, however many sockets ask at
 *      the same time, and nothing is answered before that load succeeded;
 *   3. apply → persist → broadcast: the document's engine applies a peer's update all or
 *      nothing, within the document's limits, and it is in the store before any peer sees it;
 *   4. unload: a grace period after the last socket leaves, the log is folded and memory freed.
 */
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { type Logger, throttledWarnings } from '../log';
import { Connection, type ConnectionInfo } from './connection';
import { applyStored, type EngineOptions } from './document-engine';
import type { DocumentStore } from './document-store';
import { commentsChangedMessage, lessonChangedMessage, meetingChangedMessage } from './messages';
import { DocumentRegistry } from './registry';

export type { ConnectionInfo } from './connection';
export type { DocumentChange } from './document-engine';
export type { SyncHooks } from './hooks';

export interface SyncOptions extends EngineOptions {
  heartbeatMs: number;
}

/** Messages a socket may send before its document has loaded; more is abuse. */
const MAX_QUEUED_BEFORE_LOAD = 256;

export class SyncServer {
  private readonly registry: DocumentRegistry;
  private readonly connections = new Set<Connection>();
  /** Documents deleted while the server runs: no socket may open them again. */
  private readonly deleted = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: SyncOptions,
    private readonly log: Logger,
  ) {
    this.registry = new DocumentRegistry(store, options, log, throttledWarnings(log));
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Number of documents in memory (loading or loaded). */
  get openDocumentCount(): number {
    return this.registry.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** 1. A socket the route has authenticated. Returns the handlers to wire to its events. */
  connect(ws: WebSocket, info: ConnectionInfo): { receive(data: Uint8Array | string): void; closed(): void } {
    const conn = new Connection(ws, info);
    if (this.shuttingDown) {
      conn.close(CloseCode.GOING_AWAY, 'server shutting down');
      return { receive: () => {}, closed: () => {} };
    }
    if (this.deleted.has(info.documentId)) {
      conn.close(CloseCode.NOT_FOUND, 'document not found');
      return { receive: () => {}, closed: () => {} };
    }
    this.connections.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });

    // 2. Load, then join; frames that arrive meanwhile wait in the connection's queue.
    let engine: Awaited<ReturnType<DocumentRegistry['acquire']>> | null = null;
    this.registry.acquire(info.documentId).then(
      (loaded) => {
        engine = loaded;
        loaded.add(conn);
      },
      (error) => {
        this.log.error('document load failed', { documentId: info.documentId, error });
        conn.close(CloseCode.LOAD_FAILED, 'document could not be loaded');
      },
    );

    return {
      // 3. Every frame goes to the document's engine.
      receive: (data) => {
        conn.alive = true;
        if (typeof data === 'string') {
          conn.close(CloseCode.UNSUPPORTED_DATA, 'binary frames only');
          return;
        }
        if (engine) {
          engine.handle(conn, data);
        } else if (conn.queued.length < MAX_QUEUED_BEFORE_LOAD) {
          conn.queued.push(data);
        } else {
          conn.close(CloseCode.MALFORMED_MESSAGE, 'too many messages before sync');
        }
      },
      // 4. The engine unloads itself a grace period after its last socket left.
      closed: () => {
        conn.closed = true;
        this.connections.delete(conn);
        engine?.remove(conn);
      },
    };
  }

  /** Closes (with `code`) every live socket that matches; used when access is revoked. */
  disconnectWhere(match: (info: ConnectionInfo) => boolean, code: number, reason: string): number {
    let count = 0;
    for (const conn of this.connections) {
      if (match(conn.info)) {
        conn.close(code, reason);
        count++;
      }
    }
    return count;
  }

  /**
   * The document's current content as one Yjs update: from memory if it is open (what peers
   * see), otherwise from the store. Used for exports and for copying a plan into the next round.
   */
  async readState(documentId: string): Promise<Uint8Array> {
    const open = this.registry.peek(documentId);
    if (open) return (await open).state();
    await this.registry.settled(documentId);
    const stored = await this.store.load(documentId);
    if (stored.updates.length === 0 && stored.state) return stored.state;
    const doc = new Y.Doc();
    try {
      applyStored(doc, stored);
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Makes a change on the server's side (restoring a version): applied to the shared document,
   * stored, and broadcast to every socket like any edit. Loads the document if it is not open.
   */
  async change(documentId: string, apply: (doc: Y.Doc) => void): Promise<void> {
    let engine = await this.registry.acquire(documentId);
    // It may have started unloading after we got it; then it is loaded again.
    if (engine.isUnloaded) engine = await this.registry.acquire(documentId);
    await engine.serverChange(apply);
  }

  /**
   * Before a document's rows are deleted: its sockets are closed as "not found", nothing more is
   * accepted for it, and its in-memory copy is dropped once pending writes are done (not folded:
   * there is nothing left to keep).
   */
  async forget(documentId: string): Promise<void> {
    this.deleted.add(documentId);
    this.disconnectWhere((info) => info.documentId === documentId, CloseCode.NOT_FOUND, 'document deleted');
    await this.registry.forget(documentId);
  }

  /** Tells the document's sockets that asked for events that a comment thread changed. */
  notifyComments(documentId: string, threadId: string): void {
    this.notify(documentId, commentsChangedMessage(threadId));
  }

  /** Tells the document's sockets that asked for events that its meeting changed. */
  notifyMeeting(documentId: string): void {
    this.notify(documentId, meetingChangedMessage());
  }

  /** Tells the sockets of a lesson's documents (plan and observations) that the lesson changed. */
  notifyLesson(documentIds: string[]): void {
    for (const id of documentIds) this.notify(id, lessonChangedMessage());
  }

  private notify(documentId: string, message: Uint8Array): void {
    for (const conn of this.connections) {
      if (conn.info.documentId === documentId && conn.wantsEvents) conn.send(message);
    }
  }

  /** Users with an open socket on any of the team's documents, and which document. */
  presenceInTeam(teamId: string): Array<{ userId: string; name: string; documentId: string }> {
    const seen = new Map<string, { userId: string; name: string; documentId: string }>();
    for (const conn of this.connections) {
      if (conn.info.teamId !== teamId || conn.closed) continue;
      seen.set(conn.info.user.id, { userId: conn.info.user.id, name: conn.info.user.name, documentId: conn.info.documentId });
    }
    return [...seen.values()];
  }

  /** On SIGTERM/SIGINT: close every socket, then persist and fold every open document. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.heartbeat);
    for (const conn of this.connections) conn.close(CloseCode.GOING_AWAY, 'server shutting down');
    await this.registry.unloadAll();
    await this.store.flush();
  }

  private checkHeartbeats(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      if (conn.ws.readyState === conn.ws.OPEN) conn.ws.ping();
    }
  }
}
