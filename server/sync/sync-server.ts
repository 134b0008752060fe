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
 *
 * With several instances (options.cluster) each holds a Y.Doc only for the documents its own
 * sockets have open and follows the others' commits over the bus (see the document engine).
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { type Logger, throttledWarnings } from '../log';
import { Connection, type ConnectionInfo } from './connection';
import { applyStored, type ClusterOptions, type EngineOptions } from './document-engine';
import type { RevokeMatch } from './document-bus';
import type { DocumentStore } from './document-store';
import { commentsChangedMessage, lessonChangedMessage, meetingChangedMessage } from './messages';
import { DocumentRegistry } from './registry';
import type { SocketRoute, SyncSocket } from './sync-socket';

export type { ConnectionInfo } from './connection';
export type { DocumentChange } from './document-engine';
export type { SyncHooks } from './hooks';

export interface SyncOptions extends EngineOptions {
  heartbeatMs: number;
  /**
   * Several instances: how long a document another instance is deleting stays closed here if that
   * instance goes silent (it repeats "still deleting" every third of this while it lives).
   */
  evictionHoldMs?: number;
}

/**
 * How long a deletion waits for the other instances to drop their copies. One that died has none;
 * one that is merely slow still drops it when the message arrives, and the head check catches it.
 */
const EVICT_ACK_TIMEOUT_MS = 5_000;

/** Messages a socket may send before its document has loaded; more is abuse. */
const MAX_QUEUED_BEFORE_LOAD = 256;

export class SyncServer {
  private readonly registry: DocumentRegistry;
  /** Every live socket's connection, by its socket: the route below finds theirs here. */
  private readonly sockets = new Map<WebSocket, Connection>();
  /**
   * Where every socket's events go (see SyncSocket): a socket costs its Connection and a map
   * entry, not listeners, closures and their scope.
   */
  private readonly route = socketRoute(this.sockets, {
    receive: (conn, data) => this.receive(conn, data),
    closed: (conn) => this.closed(conn),
  });
  /**
   * Documents being deleted: nobody may open or load them until the deletion is over. Null: this
   * instance deletes them and holds them until its release. A timer: another instance does; held
   * until it says the deletion ended, or until it has been silent for evictionHoldMs (it died
   * between its messages, and the document, if its rows are still there, may be opened again).
   */
  private readonly evicting = new Map<string, NodeJS.Timeout | null>();
  /** Documents deleted while the server runs: no socket may open them again. */
  private readonly deleted = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly headCheck: NodeJS.Timeout | null = null;
  private readonly restSweep: NodeJS.Timeout | null = null;
  private shuttingDown = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: SyncOptions,
    private readonly log: Logger,
  ) {
    this.registry = new DocumentRegistry(store, options, log, throttledWarnings(log));
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs);
    this.heartbeat.unref();
    if (options.restMs) {
      this.restSweep = setInterval(() => {
        for (const engine of this.registry.engines) engine.restIfQuiet();
      }, options.restMs);
      this.restSweep.unref();
    }
    const cluster = options.cluster;
    if (cluster) {
      // After Redis comes back, messages may have been lost meanwhile: every open document catches up.
      cluster.bus.onResync(() => {
        for (const engine of this.registry.engines) engine.catchUp(null);
      });
      this.headCheck = setInterval(() => void this.checkHeads(cluster), cluster.headCheckMs);
      this.headCheck.unref();
      // Access revoked on another instance: its sockets here close too.
      cluster.bus.onControl((message) => this.disconnectWhere(matching(message.match), message.code, message.reason));
      cluster.bus.onEvict((documentId, message) => this.evictedElsewhere(documentId, message));
    }
  }

  /** Number of documents in memory (loading or loaded). */
  get openDocumentCount(): number {
    return this.registry.size;
  }

  /** Open documents held as their encoded state (see DocumentEngine.restIfQuiet). */
  get restingDocumentCount(): number {
    let n = 0;
    for (const engine of this.registry.engines) if (engine.isResting) n++;
    return n;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /**
   * 1. A socket the route has authenticated: from here on its frames go to its document.
   * Its events are routed here and reach only its Connection, not the upgrade's request, session
   * and policy answer, so an idle socket keeps little more than `ws` itself. (Until then, an error
   * on it ends it: SyncSocket.)
   */
  connect(ws: SyncSocket, info: ConnectionInfo): void {
    const conn = new Connection(ws, info);
    if (this.shuttingDown) {
      conn.close(CloseCode.GOING_AWAY, 'server shutting down');
      return;
    }
    // Authorized just before its document was deleted: it is gone.
    if (this.evicting.has(info.documentId) || this.deleted.has(info.documentId)) {
      conn.close(CloseCode.DELETED, 'document deleted');
      return;
    }
    this.sockets.set(ws, conn);
    ws.route = this.route;

    // 2. Load, then join; frames that arrive meanwhile wait in the connection's queue.
    this.acquire(info.documentId).then(
      (loaded) => {
        // The document's own id, not this socket's slice of its request URL (which would keep the URL).
        conn.info.documentId = loaded.id;
        conn.engine = loaded;
        loaded.add(conn);
      },
      (error) => {
        this.log.error('document load failed', { documentId: info.documentId, error });
        conn.close(CloseCode.LOAD_FAILED, 'document could not be loaded');
      },
    );
  }

  /** 3. Every frame goes to the document's engine. */
  private receive(conn: Connection, data: Uint8Array | string): void {
    conn.alive = true;
    if (typeof data === 'string') {
      conn.close(CloseCode.UNSUPPORTED_DATA, 'binary frames only');
      return;
    }
    if (conn.engine) {
      conn.engine.handle(conn, data);
    } else if (conn.queued.length < MAX_QUEUED_BEFORE_LOAD) {
      conn.queued.push(data);
    } else {
      conn.close(CloseCode.MALFORMED_MESSAGE, 'too many messages before sync');
    }
  }

  /** 4. The engine unloads itself a grace period after its last socket left. */
  private closed(conn: Connection): void {
    conn.closed = true;
    this.sockets.delete(conn.ws);
    conn.engine?.remove(conn);
  }

  /**
   * Access revoked (a member removed, a password changed, a session ended): the matching sockets
   * close with `code`, on this instance and, with several, on every other.
   */
  revoke(match: RevokeMatch, code: number, reason: string): number {
    this.options.cluster?.bus.publishControl({ kind: 'revoke', match, code, reason });
    return this.disconnectWhere(matching(match), code, reason);
  }

  /** Closes (with `code`) every live socket on this instance that matches. */
  disconnectWhere(match: (info: ConnectionInfo) => boolean, code: number, reason: string): number {
    let count = 0;
    for (const conn of this.sockets.values()) {
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
    if (this.evicting.has(documentId)) throw new Error('document is being deleted');
    const open = this.registry.peek(documentId);
    if (open) return (await open).state();
    await this.registry.settled(documentId);
    const stored = await this.store.load(documentId);
    const doc = new Y.Doc();
    try {
      applyStored(doc, stored);
      // A document not yet at the current structure is loaded (and so upgraded, once) first.
      if (await this.options.upgrade?.(documentId, doc)) return await (await this.registry.acquire(documentId)).state();
      return stored.updates.length === 0 && stored.state ? stored.state : Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Before documents are deleted: their sockets are closed with `code`, what was already accepted
   * is committed, and the in-memory copies are dropped without being folded back into the store,
   * here and, with several instances, on every instance that has one open (this waits until they
   * have). Until the returned release is called nobody can open or load them again, so nothing
   * re-creates a row while the deletion runs; release says whether the deletion committed.
   */
  async evict(documentIds: Iterable<string>, code: number, reason: string): Promise<(deleted?: boolean) => Promise<void>> {
    const ids = [...new Set(documentIds)];
    const bus = this.options.cluster?.bus;
    const requestId = randomUUID();
    const underWay = { kind: 'evict', requestId, code, reason, final: false, deleted: false } as const;
    const ended = (deleted: boolean) => {
      this.released(ids, deleted, false);
      // Every instance lets go; one that opened a document meanwhile (its row was still there) drops it.
      bus?.announceEviction(ids, { ...underWay, final: true, deleted });
    };
    const elsewhere = bus?.evictEverywhere(ids, underWay, EVICT_ACK_TIMEOUT_MS);
    try {
      await Promise.all([this.evictHere(ids, code, reason, null), elsewhere]);
      await this.store.flush();
    } catch (error) {
      ended(false);
      throw error;
    }
    // Every instance holds them (also those that had none open) for as long as this one says so.
    bus?.announceEviction(ids, underWay);
    const renewal = bus ? setInterval(() => bus.announceEviction(ids, underWay), Math.max(1, Math.floor(this.evictionHoldMs / 3))) : null;
    renewal?.unref();
    return async (deleted = true) => {
      if (renewal) clearInterval(renewal);
      ended(deleted);
    };
  }

  private get evictionHoldMs(): number {
    return this.options.evictionHoldMs ?? 15_000;
  }

  /** Closes the documents' sockets here and drops them, held as `hold` says (see `evicting`). */
  private async evictHere(ids: string[], code: number, reason: string, holdMs: number | null): Promise<void> {
    for (const id of ids) this.hold(id, holdMs);
    const set = new Set(ids);
    this.disconnectWhere((info) => set.has(info.documentId), code, reason);
    await Promise.allSettled(ids.map((id) => this.registry.evict(id, code, reason)));
  }

  /** Null: held until this instance's release. A number: for that long, unless renewed or released. */
  private hold(id: string, holdMs: number | null): void {
    const current = this.evicting.get(id);
    if (current === null) return;
    if (current) clearTimeout(current);
    if (holdMs === null) {
      this.evicting.set(id, null);
      return;
    }
    const timer = setTimeout(() => {
      if (this.evicting.get(id) !== timer) return;
      this.evicting.delete(id);
      this.log.warn('the instance deleting a document went silent before the deletion ended; the document may be opened again', { documentId: id, silentMs: holdMs });
    }, holdMs);
    timer.unref();
    this.evicting.set(id, timer);
  }

  /** The deletion ended; another instance's end does not lift this instance's own hold. */
  private released(ids: string[], deleted: boolean, elsewhere: boolean): void {
    for (const id of ids) {
      if (deleted) this.deleted.add(id);
      const current = this.evicting.get(id);
      if (current === null && elsewhere) continue;
      if (current) clearTimeout(current);
      this.evicting.delete(id);
    }
  }

  /** Another instance deletes a document: still under way (held here, renewed) or ended. */
  private async evictedElsewhere(documentId: string, message: { code: number; reason: string; final: boolean; deleted: boolean }): Promise<void> {
    if (!message.final || message.deleted) await this.evictHere([documentId], message.code, message.reason, this.evictionHoldMs);
    if (message.final) this.released([documentId], message.deleted, true);
  }

  /**
   * Makes a change on the server's side (restoring a version, redacting evidence): applied to the
   * shared document, all or nothing, stored, and broadcast to every socket like any edit. Loads the
   * document if it is not open.
   */
  async change(documentId: string, apply: (doc: Y.Doc) => void, options: { compact?: boolean } = {}): Promise<void> {
    let engine = await this.acquire(documentId);
    // It may have started unloading after we got it; then it is loaded again.
    if (engine.isUnloaded) engine = await this.acquire(documentId);
    await engine.serverChange(apply);
    // Folding at once leaves no log row (and, the document collecting garbage, no stored update)
    // with what the change removed: used when text is taken out for privacy.
    if (options.compact) await engine.compact();
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
    for (const conn of this.sockets.values()) {
      if (conn.info.documentId === documentId && conn.wantsEvents) conn.send(message);
    }
    // Instances with the document open hear it on its channel.
    this.options.cluster?.bus.publish(documentId, { kind: 'notice', frame: message });
  }

  /** Users with an open socket on any of the team's documents, and which document. */
  /** The teams this instance has open sockets in (for sharing presence with other instances). */
  teamsWithSockets(): Set<string> {
    const teams = new Set<string>();
    for (const conn of this.sockets.values()) if (!conn.closed) teams.add(conn.info.teamId);
    return teams;
  }

  presenceInTeam(teamId: string): Array<{ userId: string; name: string; documentId: string }> {
    const seen = new Map<string, { userId: string; name: string; documentId: string }>();
    for (const conn of this.sockets.values()) {
      if (conn.info.teamId !== teamId || conn.closed) continue;
      seen.set(conn.info.user.id, { userId: conn.info.user.id, name: conn.info.user.name, documentId: conn.info.documentId });
    }
    return [...seen.values()];
  }

  /** On SIGTERM/SIGINT: close every socket, then persist and fold every open document. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.heartbeat);
    if (this.restSweep) clearInterval(this.restSweep);
    if (this.headCheck) clearInterval(this.headCheck);
    for (const conn of this.sockets.values()) conn.close(CloseCode.GOING_AWAY, 'server shutting down');
    await this.registry.unloadAll();
    await this.store.flush();
  }

  /** 2. One load per document (see the registry), never of one being deleted. */
  private acquire(documentId: string): ReturnType<DocumentRegistry['acquire']> {
    if (this.evicting.has(documentId)) return Promise.reject(new Error('document is being deleted'));
    return this.registry.acquire(documentId);
  }

  /**
   * Catches up documents whose newest committed update never reached this instance, and drops
   * documents whose log is gone or started again below what this copy holds: deleted on another
   * instance while the eviction message was lost (sequence numbers never go back otherwise).
   */
  private async checkHeads(cluster: ClusterOptions): Promise<void> {
    const engines = new Map([...this.registry.engines].map((e) => [e.id, { engine: e, through: e.committedThrough }]));
    if (engines.size === 0) return;
    let heads: Map<string, number>;
    try {
      heads = await cluster.log.heads([...engines.keys()]);
    } catch (error) {
      this.log.warn('head check failed', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    for (const [id, { engine, through }] of engines) {
      const head = heads.get(id) ?? 0;
      if (head < through && !engine.isUnloaded) {
        this.log.warn('an open document’s log is gone: deleted elsewhere; dropping it', { documentId: id });
        void this.evictedElsewhere(id, { code: CloseCode.DELETED, reason: 'deleted', final: true, deleted: true });
      } else {
        engine.catchUp(head);
      }
    }
  }

  private checkHeartbeats(): void {
    for (const conn of this.sockets.values()) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      if (conn.ws.readyState === conn.ws.OPEN) conn.ws.ping();
    }
  }
}

/** Where every socket's events go; each finds its Connection by the socket. */
function socketRoute(
  sockets: Map<WebSocket, Connection>,
  on: { receive(conn: Connection, data: Uint8Array | string): void; closed(conn: Connection): void },
): SocketRoute {
  return {
    message(ws, data, isBinary) {
      const conn = sockets.get(ws);
      if (conn) on.receive(conn, isBinary ? data : data.toString('utf8'));
    },
    close(ws) {
      const conn = sockets.get(ws);
      if (conn) on.closed(conn);
    },
    pong(ws) {
      const conn = sockets.get(ws);
      if (conn) conn.alive = true;
    },
  };
}

/** The sockets a revocation closes: every criterion given holds. */
function matching(match: RevokeMatch): (info: ConnectionInfo) => boolean {
  return (info) =>
    (match.userId === undefined || info.user.id === match.userId) &&
    (match.teamId === undefined || info.teamId === match.teamId) &&
    (match.sessionId === undefined || info.sessionId === match.sessionId) &&
    (match.exceptSessionId === undefined || info.sessionId !== match.exceptSessionId) &&
    (match.teamIds === undefined || match.teamIds.includes(info.teamId)) &&
    (match.standing === undefined || info.standing === match.standing);
}
