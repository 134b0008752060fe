/**
 * The sync server: the y-websocket protocol over one socket per open document.
 *
 * A connection's life, top to bottom:
 *   1. authenticate: the route checked the session and decided the permission before upgrading;
 *   2. load: the document is read from the store once, however many sockets ask at the same time,
 *      and nothing is answered before that load succeeded;
 *   3. apply → persist → broadcast: an accepted update is in the store before any peer sees it;
 *   4. unload: a grace period after the last socket leaves, the log is folded and memory freed.
 *
 * With several instances (options.cluster) each holds a Y.Doc only for the documents its own
 * sockets have open, listens to the bus for those, and applies other instances' commits strictly
 * in sequence order, filling any gap from the database before it broadcasts anything newer.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { type CollabPermission, MessageType, READ_ONLY_REASON } from '../../shared/protocol';
import type { Logger } from '../log';
import type { BusListener, BusMessage, DocumentBus } from './document-bus';
import type { DocumentStore } from './document-store';
import { noSyncHooks, type SyncHooks } from './hooks';
import type { SequencedLog } from './postgres-document-store';
import { SequenceOrder } from './sequence-order';
import {
  awarenessMessage,
  permissionDeniedMessage,
  commentsChangedMessage,
  lessonChangedMessage,
  meetingChangedMessage,
  savedMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './messages';

export interface SyncOptions {
  compactAfterUpdates: number;
  unloadGraceMs: number;
  heartbeatMs: number;
  /** How often, at most, a document that is being edited reports it (for lists and search). */
  changeReportMs: number;
  /** Told, at most every `changeReportMs` and on unload, that a document changed and by whom. */
  onChange?: (change: DocumentChange) => void;
  /** Told of refused messages and broadcast bytes (metrics). */
  hooks?: SyncHooks;
  /** Several instances on one database (REDIS_URL): the bus between them and the numbered log. */
  cluster?: ClusterOptions;
}

export interface ClusterOptions {
  bus: DocumentBus;
  log: SequencedLog;
  /** How long a message that arrived ahead of a missing one waits for it before the database is asked. */
  gapGraceMs: number;
  /** How often open documents are compared with the database's newest sequence numbers (a quiet document's lost last message). */
  headCheckMs: number;
}

export interface DocumentChange {
  documentId: string;
  /** The last person whose edit is included, if it came from a socket. */
  userId: string | null;
  doc: Y.Doc;
}

export interface ConnectionInfo {
  documentId: string;
  teamId: string;
  permission: CollabPermission;
  /** Who is on the socket; their name is stamped on their awareness state. */
  user: { id: string; name: string };
  sessionId: string;
}

/** Messages a socket may send before its document has loaded; more is abuse. */
const MAX_QUEUED_BEFORE_LOAD = 256;
/** Unsent bytes a socket may pile up before it is closed as too slow. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

class MalformedMessage extends Error {}

/** Origin of changes the server makes itself (version restores). */
const SERVER_ORIGIN = Symbol('server');
/** Origin of changes another instance committed (they are in the database already). */
const COMMITTED_ELSEWHERE = Symbol('committed elsewhere');
/** Origin of awareness removed because this instance's socket closed. */
const SOCKET_CLOSED = Symbol('socket closed');

export class Connection {
  alive = true;
  closed = false;
  /** Asked to hear about this document's events (comments, meeting). */
  wantsEvents = false;
  doc: SharedDocument | null = null;
  readonly awarenessIds = new Set<number>();
  /** Frames received while the document loads, answered in order once it has. */
  queued: Uint8Array[] = [];

  constructor(
    readonly ws: WebSocket,
    public info: ConnectionInfo,
  ) {}

  send(message: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A client that stops reading would make us hold everything for it; it resyncs on reconnect.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.TOO_SLOW, 'too slow');
      return;
    }
    this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
}

export class SyncServer {
  /** Loading or loaded documents. A missing entry means "not in memory". */
  private readonly docs = new Map<string, Promise<SharedDocument>>();
  /** Documents being unloaded; a new load of the same id waits for it. */
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly connections = new Set<Connection>();
  /** Documents being deleted: nobody may load them until the deletion is over. */
  private readonly evicting = new Set<string>();
  /** Documents deleted while the server runs: no socket may open them again. */
  private readonly deleted = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly headCheck: NodeJS.Timeout | null = null;
  private shuttingDown = false;
  /** Loaded documents, for the cluster's resync and head checks. */
  private readonly loaded = new Map<string, SharedDocument>();

  constructor(
    private readonly store: DocumentStore,
    private readonly options: SyncOptions,
    private readonly log: Logger,
  ) {
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs);
    this.heartbeat.unref();
    const cluster = options.cluster;
    if (cluster) {
      cluster.bus.onResync(() => {
        for (const doc of this.loaded.values()) doc.catchUp(0);
      });
      this.headCheck = setInterval(() => void this.checkHeads(cluster), cluster.headCheckMs);
      this.headCheck.unref();
    }
  }

  /** Number of documents in memory (loading or loaded). */
  get openDocumentCount(): number {
    return this.docs.size;
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
    // Authorized just before its document was deleted: it is gone.
    if (this.evicting.has(info.documentId) || this.deleted.has(info.documentId)) {
      conn.close(CloseCode.DELETED, 'document deleted');
      return { receive: () => {}, closed: () => {} };
    }
    this.connections.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });

    this.acquire(info.documentId).then(
      (doc) => doc.add(conn),
      (error) => {
        this.log.error('document load failed', { documentId: info.documentId, error });
        conn.close(CloseCode.LOAD_FAILED, 'document could not be loaded');
      },
    );

    return {
      receive: (data) => {
        conn.alive = true;
        if (typeof data === 'string') {
          conn.close(CloseCode.UNSUPPORTED_DATA, 'binary frames only');
          return;
        }
        const message = data;
        if (conn.doc) {
          conn.doc.handle(conn, message);
        } else if (conn.queued.length < MAX_QUEUED_BEFORE_LOAD) {
          conn.queued.push(message);
        } else {
          conn.close(CloseCode.MALFORMED_MESSAGE, 'too many messages before sync');
        }
      },
      closed: () => {
        conn.closed = true;
        this.connections.delete(conn);
        conn.doc?.remove(conn);
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
   * Before documents are deleted: their sockets are closed with `code`, what was already accepted
   * is committed, and the in-memory copies are dropped without being folded back into the store.
   * Until the returned release is called nobody can open or load them again, so nothing re-creates
   * a row while the deletion runs.
   */
  async evict(documentIds: Iterable<string>, code: number, reason: string): Promise<() => void> {
    const ids = new Set(documentIds);
    for (const id of ids) this.evicting.add(id);
    this.disconnectWhere((info) => ids.has(info.documentId), code, reason);
    await Promise.allSettled(
      [...ids].map(async (id) => {
        const loading = this.docs.get(id);
        if (loading) {
          this.docs.delete(id);
          const doc = await loading.catch(() => null);
          await doc?.discard(code, reason);
        }
        await this.unloading.get(id);
      }),
    );
    await this.store.flush();
    return () => {
      for (const id of ids) {
        this.evicting.delete(id);
        this.deleted.add(id);
      }
    };
  }

  /**
   * The document's current content as one Yjs update: from memory if it is open (what peers
   * see), otherwise from the store. Used for exports and for copying a plan into the next round.
   */
  async readState(documentId: string): Promise<Uint8Array> {
    if (this.evicting.has(documentId)) throw new Error('document is being deleted');
    const open = this.docs.get(documentId);
    if (open) return Y.encodeStateAsUpdate((await open).ydoc);
    await this.unloading.get(documentId);
    const stored = await this.store.load(documentId);
    if (stored.updates.length === 0 && stored.state) return stored.state;
    const doc = new Y.Doc();
    applyStored(doc, stored);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return state;
  }

  /**
   * Makes a change on the server's side (restoring a version, redacting evidence): applied to the
   * shared document, stored, and broadcast to every socket like any edit. Loads the document if it
   * is not open.
   */
  async change(documentId: string, apply: (doc: Y.Doc) => void, options: { compact?: boolean } = {}): Promise<void> {
    let doc = await this.acquire(documentId);
    // It may have started unloading after we got it; then it is loaded again.
    if (doc.isUnloaded) doc = await this.acquire(documentId);
    await doc.serverChange(apply);
    // Folding at once leaves no log row (and, the document collecting garbage, no stored update)
    // with what the change removed: used when text is taken out for privacy.
    if (options.compact) await doc.compact();
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
    if (this.headCheck) clearInterval(this.headCheck);
    for (const conn of this.connections) conn.close(CloseCode.GOING_AWAY, 'server shutting down');
    const open = [...this.docs.entries()];
    this.docs.clear();
    await Promise.allSettled(
      open.map(async ([, loading]) => {
        const doc = await loading;
        await doc.unload();
      }),
    );
    await Promise.allSettled(this.unloading.values());
    await this.store.flush();
  }

  /** 2. One load per document, shared by every socket that asks while it runs. */
  private acquire(documentId: string): Promise<SharedDocument> {
    if (this.evicting.has(documentId)) return Promise.reject(new Error('document is being deleted'));
    const existing = this.docs.get(documentId);
    if (existing) return existing;
    const loading = (async () => {
      await this.unloading.get(documentId);
      // On the bus before the load, so nothing committed after the load's snapshot is missed;
      // what arrives meanwhile waits and is then ordered against the loaded sequence number.
      const bus = this.options.cluster?.bus;
      let target: SharedDocument | null = null;
      const early: BusMessage[] = [];
      const listener: BusListener = (message) => (target ? target.fromBus(message) : early.push(message));
      await bus?.join(documentId, listener);
      let doc: SharedDocument;
      try {
        const stored = await this.store.load(documentId);
        doc = new SharedDocument(documentId, stored, this.store, this.options, this.log, {
          idle: (d) => this.unload(d),
          failed: (d) => this.drop(d),
          gone: (d) => {
            bus?.leave(documentId, listener);
            if (this.loaded.get(documentId) === d) this.loaded.delete(documentId);
          },
        });
      } catch (error) {
        bus?.leave(documentId, listener);
        throw error;
      }
      target = doc;
      this.loaded.set(documentId, doc);
      for (const message of early) doc.fromBus(message);
      bus?.publish(documentId, { kind: 'awareness-query' });
      if (doc.logRowCount >= this.options.compactAfterUpdates) await doc.compact();
      return doc;
    })();
    this.docs.set(documentId, loading);
    loading.catch(() => {
      if (this.docs.get(documentId) === loading) this.docs.delete(documentId);
    });
    return loading;
  }

  /** 4. Called by a document whose grace period ran out with no sockets. */
  private unload(doc: SharedDocument): void {
    this.docs.delete(doc.id);
    const done = doc.unload().finally(() => {
      if (this.unloading.get(doc.id) === done) this.unloading.delete(doc.id);
    });
    this.unloading.set(doc.id, done);
  }

  /** A document whose writes failed: forget it without folding; the next load reads the store. */
  private drop(doc: SharedDocument): void {
    this.docs.delete(doc.id);
  }

  /** Catches up documents whose newest committed update never reached this instance. */
  private async checkHeads(cluster: ClusterOptions): Promise<void> {
    if (this.loaded.size === 0) return;
    let heads: Map<string, number>;
    try {
      heads = await cluster.log.heads([...this.loaded.keys()]);
    } catch (error) {
      this.log.warn('head check failed', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    for (const [id, seq] of heads) this.loaded.get(id)?.catchUp(seq);
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

interface Lifecycle {
  idle(doc: SharedDocument): void;
  failed(doc: SharedDocument): void;
  /** Its memory is freed (unloaded, discarded or failed). */
  gone(doc: SharedDocument): void;
}

/** One document in memory, shared by all its sockets. */
class SharedDocument {
  readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  private readonly conns = new Set<Connection>();
  /** Which socket speaks for each awareness client id. */
  private readonly awarenessOwners = new Map<number, Connection>();
  /** Log rows since the stored state, and the newest row's sequence number. */
  private logRows: number;
  private lastSeq: number;
  private pendingWrites = 0;
  private idleWaiters: Array<() => void> = [];
  /** Committed updates waiting to be broadcast (see broadcastCommitted). */
  private readonly outbox: Array<{ update: Uint8Array; origin: unknown; echo: boolean }> = [];
  /**
   * Set while a socket's update is applied to a document holding structs or deletions that waited
   * for a missing dependency: the transaction may carry those too, so its author must get it back.
   */
  private echoToAuthor = false;
  private unloadTimer: NodeJS.Timeout | null = null;
  private compacting = false;
  private failed = false;
  private unloaded = false;
  /** Dropped because the document is being deleted: nothing more is applied, stored or reported. */
  private discarded: { code: number; reason: string } | null = null;
  /** Multi-instance mode: this document's commits in sequence order, and the gap filling. */
  private readonly order: SequenceOrder | null;
  private fillTimer: NodeJS.Timeout | null = null;
  private filling = false;
  private fillAgain = false;
  /** An unreported change, and who made it last. */
  private changed = false;
  private changedBy: string | null = null;
  private changeTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    stored: { state: Uint8Array | null; updates: Uint8Array[]; lastSeq: number },
    private readonly store: DocumentStore,
    private readonly options: SyncOptions,
    private readonly log: Logger,
    private readonly lifecycle: Lifecycle,
  ) {
    // Throws (and so fails the load) on broken stored data.
    applyStored(this.ydoc, stored);
    this.logRows = stored.updates.length;
    this.lastSeq = stored.lastSeq;
    this.order = options.cluster ? new SequenceOrder(stored.lastSeq) : null;
    this.awareness.setLocalState(null);
    this.ydoc.on('update', (update: Uint8Array, origin: unknown) =>
      origin === COMMITTED_ELSEWHERE ? this.queueBroadcast(update, origin, false) : this.persistThenBroadcast(update, origin, this.echoToAuthor),
    );
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.relayAwareness(change, origin));
  }

  private get hooks(): SyncHooks {
    return this.options.hooks ?? noSyncHooks;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  get logRowCount(): number {
    return this.logRows;
  }

  async serverChange(apply: (doc: Y.Doc) => void): Promise<void> {
    if (this.unloaded) throw new Error('document is not loaded');
    this.ydoc.transact(() => apply(this.ydoc), SERVER_ORIGIN);
    await this.whenPersisted();
    this.scheduleUnloadIfIdle();
  }

  add(conn: Connection): void {
    if (this.discarded) {
      conn.close(this.discarded.code, this.discarded.reason);
      return;
    }
    if (conn.closed) {
      this.scheduleUnloadIfIdle();
      return;
    }
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.conns.add(conn);
    conn.doc = this;
    conn.send(syncStep1Message(this.ydoc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) conn.send(awarenessMessage(this.awareness, states));
    const queued = conn.queued;
    conn.queued = [];
    for (const message of queued) this.handle(conn, message);
  }

  remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      for (const id of conn.awarenessIds) this.awarenessOwners.delete(id);
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], SOCKET_CLOSED);
    }
    this.scheduleUnloadIfIdle();
  }

  handle(conn: Connection, message: Uint8Array): void {
    // Frames still in flight from a socket of a document being unloaded or deleted.
    if (this.unloaded) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.SYNC:
          this.handleSync(conn, decoder);
          break;
        case MessageType.AWARENESS:
          awarenessProtocol.applyAwarenessUpdate(this.awareness, this.ownAwareness(conn, decoding.readVarUint8Array(decoder)), conn);
          break;
        case MessageType.QUERY_AWARENESS:
          conn.send(awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        case MessageType.AUTH:
          break;
        case MessageType.COMMENTS:
          conn.wantsEvents = true;
          break;
        case MessageType.SAVED: {
          const nonce = decoding.readVarUint(decoder);
          this.whenPersisted().then(() => conn.send(savedMessage(nonce)));
          break;
        }
        default:
          throw new MalformedMessage(`unknown message type ${type}`);
      }
    } catch (error) {
      this.hooks.refused('malformed');
      this.log.warn('malformed message, closing socket', {
        documentId: this.id,
        userId: conn.info.user.id,
        error: error instanceof Error ? error.message : String(error),
      });
      conn.close(CloseCode.MALFORMED_MESSAGE, 'malformed message');
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        Y.decodeStateVector(stateVector); // throws on garbage, before we promise an answer
        // Answer from persisted state only, so a new peer never sees what could still be lost.
        this.whenPersisted().then(() => {
          if (!conn.closed) conn.send(syncStep2Message(Y.encodeStateAsUpdate(this.ydoc, stateVector)));
        });
        break;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        this.receiveUpdate(conn, decoding.readVarUint8Array(decoder));
        break;
      default:
        throw new MalformedMessage(`unknown sync message ${syncType}`);
    }
  }

  /** 3a. Apply a peer's update if its connection may edit; refuse it otherwise. */
  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    if (conn.info.permission !== 'edit') {
      // A reader's sync step 2 is usually empty or already known; anything new is refused.
      if (!Y.snapshotContainsUpdate(Y.snapshot(this.ydoc), update)) {
        this.hooks.refused('read_only');
        this.log.warn('refused update from read-only socket', { documentId: this.id, userId: conn.info.user.id });
        conn.send(permissionDeniedMessage(READ_ONLY_REASON));
      }
      return;
    }
    Y.decodeUpdate(update); // validates the whole update before it touches the document
    this.echoToAuthor = this.ydoc.store.pendingStructs !== null || this.ydoc.store.pendingDs !== null;
    try {
      Y.applyUpdate(this.ydoc, update, conn);
    } finally {
      this.echoToAuthor = false;
    }
    // Structs still waiting for a missing dependency (a client's edit that overtook the state it
    // was made on) are not in the 'update' event, yet sync answers and compactions include them.
    // The update as received is stored too, so nothing is ever served or folded that the log lacks.
    if (this.ydoc.store.pendingStructs !== null || this.ydoc.store.pendingDs !== null) this.persistThenBroadcast(update, conn, false);
  }

  /** 3b. Every change to the document: into the log first, then out to the other peers. */
  private persistThenBroadcast(update: Uint8Array, origin: unknown, echo: boolean): void {
    this.pendingWrites++;
    this.store.append(this.id, update).then(
      (seq) => {
        this.pendingWrites--;
        this.logRows++;
        let released: Uint8Array[] = [];
        if (this.order) {
          released = this.order.committed(seq);
          this.lastSeq = this.order.contiguous;
        } else {
          this.lastSeq = seq;
        }
        if (this.failed) return;
        this.options.cluster?.bus.publish(this.id, { kind: 'update', seq, update });
        this.queueBroadcast(update, origin, echo);
        this.applyCommitted(released);
        if (this.order?.hasGap) this.scheduleFill();
        this.noteChange(origin);
        if (this.pendingWrites === 0) {
          for (const resolve of this.idleWaiters.splice(0)) resolve();
          if (this.logRows >= this.options.compactAfterUpdates) void this.compact();
        }
      },
      (error) => this.fail(error),
    );
  }

  private queueBroadcast(update: Uint8Array, origin: unknown, echo: boolean): void {
    this.outbox.push({ update, origin, echo });
    if (this.outbox.length === 1) queueMicrotask(() => this.broadcastCommitted());
  }

  /** A message from another instance about this document. */
  fromBus(message: BusMessage): void {
    if (this.unloaded || this.failed || !this.order) return;
    switch (message.kind) {
      case 'update':
        this.applyCommitted(this.order.received(message.seq, message.update));
        if (this.order.hasGap) this.scheduleFill();
        break;
      case 'awareness': {
        // The sending instance checked its own sockets; here no remote entry may speak for ours.
        const update = rewriteAwareness(message.update, (entry) => (this.awarenessOwners.has(entry.clientId) ? null : entry));
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, COMMITTED_ELSEWHERE);
        break;
      }
      case 'awareness-query': {
        const ids = [...this.awarenessOwners.keys()];
        if (ids.length > 0) {
          const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
          this.options.cluster?.bus.publish(this.id, { kind: 'awareness', update });
        }
        break;
      }
    }
  }

  /**
   * Reads what was committed after the last contiguous update, now: after the bus reconnected
   * (`head` null) or when the database's newest sequence number is ahead of this copy.
   */
  catchUp(head: number | null): void {
    if (!this.order || this.unloaded) return;
    if (head !== null && head <= this.order.contiguous) return;
    if (this.fillTimer) clearTimeout(this.fillTimer);
    this.fillTimer = null;
    void this.fill();
  }

  /** A gap: give the missing message a moment to arrive before asking the database. */
  private scheduleFill(): void {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    if (this.fillTimer || !this.options.cluster) return;
    this.fillTimer = setTimeout(() => {
      this.fillTimer = null;
      void this.fill();
    }, this.options.cluster.gapGraceMs);
  }

  private async fill(): Promise<void> {
    const order = this.order;
    const cluster = this.options.cluster;
    if (!order || !cluster || this.unloaded) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    try {
      const since = await cluster.log.readSince(this.id, order.contiguous);
      if (!this.unloaded && !this.failed) this.applyCommitted(order.filled(since));
    } catch (error) {
      // The head check tries again once the database answers.
      this.log.warn('reading missed updates failed', { documentId: this.id, error: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      this.filling = false;
    }
    if (this.fillAgain) {
      this.fillAgain = false;
      void this.fill();
    } else if (order.hasGap) {
      this.scheduleFill();
    }
  }

  /** Updates other instances committed, in sequence order: applied, then broadcast (see the 'update' handler). */
  private applyCommitted(updates: Uint8Array[]): void {
    if (updates.length === 0) return;
    try {
      for (const update of updates) Y.applyUpdate(this.ydoc, update, COMMITTED_ELSEWHERE);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.logRows += updates.length;
    this.lastSeq = this.order!.contiguous;
    if (this.pendingWrites === 0 && this.logRows >= this.options.compactAfterUpdates) void this.compact();
  }

  private noteChange(origin: unknown): void {
    this.changed = true;
    if (origin instanceof Connection) this.changedBy = origin.info.user.id;
    this.changeTimer ??= setTimeout(() => this.reportChange(), this.options.changeReportMs);
  }

  private reportChange(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = null;
    if (!this.changed || this.failed || this.discarded) return;
    this.changed = false;
    try {
      this.options.onChange?.({ documentId: this.id, userId: this.changedBy, doc: this.ydoc });
    } catch (error) {
      this.log.error('change report failed', { documentId: this.id, error });
    }
  }

  /**
   * Sends what the last commit stored. Updates committed together go out as one merged frame, so
   * a busy document costs each peer one socket write per commit rather than one per keystroke.
   */
  private broadcastCommitted(): void {
    const batch = this.outbox.splice(0);
    if (batch.length === 0 || this.failed) return;
    const origins = new Set(batch.map((b) => b.origin));
    const message = updateMessage(batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update)));
    // A peer whose own edit is part of a mixed batch gets it back; applying it again changes nothing.
    const skip = origins.size === 1 && !batch.some((b) => b.echo) ? batch[0]!.origin : null;
    let recipients = 0;
    for (const conn of this.conns) {
      if (conn === skip) continue;
      conn.send(message);
      recipients++;
    }
    this.hooks.broadcast('update', message.byteLength, recipients);
  }

  /** Resolves when every update applied so far is committed. */
  private whenPersisted(): Promise<void> {
    if (this.pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A socket speaks only for itself: entries for awareness clients another socket owns are dropped,
   * and the authenticated name replaces whatever name the client put in its `user` field.
   */
  private ownAwareness(conn: Connection, update: Uint8Array): Uint8Array {
    return rewriteAwareness(update, (entry) => {
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner && owner !== conn) return null;
      return { ...entry, state: stampUser(entry.state, conn.info.user) };
    });
  }

  private relayAwareness(change: AwarenessChange, origin: unknown): void {
    if (origin instanceof Connection) {
      for (const id of [...change.added, ...change.updated]) {
        origin.awarenessIds.add(id);
        this.awarenessOwners.set(id, origin);
      }
      for (const id of change.removed) {
        origin.awarenessIds.delete(id);
        this.awarenessOwners.delete(id);
      }
    }
    const changed = [...change.added, ...change.updated, ...change.removed];
    // Our sockets' changes go to the other instances; each times out stale states on its own.
    if (origin instanceof Connection || origin === SOCKET_CLOSED) {
      this.options.cluster?.bus.publish(this.id, { kind: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed) });
    }
    const message = awarenessMessage(this.awareness, changed);
    for (const conn of this.conns) conn.send(message);
    this.hooks.broadcast('awareness', message.byteLength, this.conns.size);
  }

  /** Folds the log into one stored state. Only called when nothing is waiting to be written. */
  async compact(): Promise<void> {
    if (this.compacting || this.failed || this.discarded || this.logRows === 0) return;
    this.compacting = true;
    const rows = this.logRows;
    try {
      await this.store.compact(this.id, Y.encodeStateAsUpdate(this.ydoc), this.lastSeq);
      this.logRows -= rows;
      this.log.debug('compacted', { documentId: this.id, rows });
    } catch (error) {
      this.log.error('compaction failed; the log is kept', { documentId: this.id, error });
    } finally {
      this.compacting = false;
    }
  }

  private scheduleUnloadIfIdle(): void {
    if (this.conns.size > 0 || this.unloadTimer || this.unloaded) return;
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null;
      if (this.conns.size === 0) this.lifecycle.idle(this);
    }, this.options.unloadGraceMs);
  }

  /** Takes no more work and waits for what is in flight; false if that already happened. */
  private async settle(): Promise<boolean> {
    if (this.unloaded) return false;
    this.unloaded = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    await this.whenPersisted();
    while (this.compacting) await new Promise((r) => setImmediate(r));
    return true;
  }

  /** 4. Waits for pending writes, folds the log, frees memory. */
  async unload(): Promise<void> {
    if (!(await this.settle())) return;
    if (!this.failed) await this.compact();
    this.reportChange();
    this.free();
  }

  private free(): void {
    if (this.fillTimer) clearTimeout(this.fillTimer);
    this.fillTimer = null;
    this.lifecycle.gone(this);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  /** The document is being deleted: close its sockets, let accepted writes land, free memory without folding. */
  async discard(code: number, reason: string): Promise<void> {
    if (this.discarded) return;
    this.discarded = { code, reason };
    for (const conn of this.conns) conn.close(code, reason);
    if (!(await this.settle())) return;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changed = false;
    this.free();
  }

  /** A write failed: what is in memory is no longer what is stored. Drop it; peers resync. */
  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.log.error('persisting an update failed; dropping the in-memory document', { documentId: this.id, error });
    this.lifecycle.failed(this);
    for (const conn of this.conns) conn.close(CloseCode.STORAGE_FAILED, 'storage failed');
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.unloaded = true;
    this.free();
  }
}

/**
 * The stored state and log into a document, in one transaction. (Y.mergeUpdates would be the
 * obvious call, but it is quadratic in the number of updates: 8 s for a 20,000-entry log, against
 * 75 ms for applying them one by one inside a single transaction.)
 */
function applyStored(doc: Y.Doc, stored: { state: Uint8Array | null; updates: Uint8Array[] }): void {
  Y.transact(doc, () => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** Decodes an awareness update, keeps or rewrites each entry (null drops it), encodes it again. */
function rewriteAwareness(update: Uint8Array, rewrite: (entry: AwarenessEntry) => AwarenessEntry | null): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
    const kept = rewrite({ clientId, clock, state });
    if (kept) entries.push(kept);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

function stampUser(state: unknown, user: { id: string; name: string }): unknown {
  if (typeof state !== 'object' || state === null || !('user' in state)) return state;
  const claimed = (state as { user: unknown }).user;
  return { ...state, user: { ...(typeof claimed === 'object' && claimed !== null ? claimed : {}), id: user.id, name: user.name } };
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
