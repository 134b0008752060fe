/**
 * One document in memory, shared by all its sockets: apply → persist → broadcast.
 *
 * The promise it keeps: no peer ever holds what the server could lose. So
 *   - a peer's update is applied all or nothing: it is checked against the document's limits,
 *     integrated, and only if that succeeded in full is what it changed stored, then broadcast.
 *     If Yjs throws part-way, or the integration would pass a limit, nothing of it is stored or
 *     sent, and the in-memory document is thrown away and read again from the store before any
 *     socket is answered again;
 *   - what is stored is exactly what changed the in-memory document (including structs that wait
 *     for a missing dependency), so a reload gives back the same document;
 *   - answers to new peers (sync step 2) are computed only once everything applied is stored.
 *
 * With several instances (options.cluster) it also publishes each commit with its sequence number,
 * applies other instances' commits strictly in sequence order, and fills any gap from the store
 * before it broadcasts anything newer (server/sync/sequence-order.ts).
 */
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { MessageType, READ_ONLY_REASON, SUGGEST_ONLY_REASON } from '../../shared/protocol';
import type { Logger, ThrottledWarnings } from '../log';
import { Connection, shareIdentity } from './connection';
import { SharedFrame } from './sync-socket';
import type { BusMessage, DocumentBus } from './document-bus';
import { DeletedDocumentError, type DocumentStore, type StoredDocument } from './document-store';
import { checkUpdate, clocksOf, deepestAddedType, type DocumentLimits, type LimitRefusal, MalformedUpdate } from './document-limits';
import { permissionDeniedMessage, savedMessage, syncStep1Message, syncStep2Message, updateMessage } from './messages';
import { noSyncHooks, type Refusal, type SyncHooks } from './hooks';
import type { SequencedLog } from './postgres-document-store';
import { Presence, type PresenceLimits } from './presence';
import { SequenceOrder } from './sequence-order';
import { checkSuggestion, suggestionScratch } from './suggestions';
import { generalizeIdFields } from './yjs-id-shape';

generalizeIdFields();

export type { Refusal, SyncHooks } from './hooks';

export interface EngineOptions {
  compactAfterUpdates: number;
  unloadGraceMs: number;
  /** How often, at most, a document that is being edited reports it (for lists and search). */
  changeReportMs: number;
  /**
   * How often, at most, a report asks for the document's text to be stored for search while it is
   * edited without a pause (0 or unset: every report). The first report after a pause, and the last
   * before the document closes, always do; a report that may not waits for the time, then comes
   * without new edits if none came meanwhile.
   */
  textReportMs?: number;
  limits: DocumentLimits;
  presence: PresenceLimits;
  /**
   * How long presence changes are gathered before they are relayed (see Presence); 0 or unset
   * relays each at once. In a meeting where every caret moves, 50 ms gives each socket about 20
   * presence frames a second instead of one per move of every person.
   */
  presenceRelayMs?: number;
  /** Told, at most every `changeReportMs` and on unload, that a document changed and by whom. */
  onChange?: (change: DocumentChange) => void | Promise<void>;
  /** Told of refused input and broadcast bytes (metrics). */
  hooks?: SyncHooks;
  /** Several instances on one database (REDIS_URL): the bus between them and the numbered log. */
  cluster?: ClusterOptions;
  /**
   * A document nobody read or changed for between this and twice this long (ms), with nothing
   * waiting to be stored, reported or sent, keeps only its encoded state until it is needed again
   * (see DocumentEngine.restIfQuiet; 0 or unset: never). Called by the sync server's sweep.
   */
  restMs?: number;
  /**
   * Asked once per load: a change that brings an old document to the current structure (see
   * server/documents/migrate-blocks.ts), or null. It is made before anyone is answered, as one
   * transaction stored and broadcast like any edit.
   */
  upgrade?: (documentId: string, doc: Y.Doc) => Promise<((doc: Y.Doc) => void) | null> | ((doc: Y.Doc) => void) | null;
}

export interface ClusterOptions {
  bus: DocumentBus;
  log: SequencedLog;
  /** How long a message that arrived ahead of a missing one waits for it before the store is asked. */
  gapGraceMs: number;
  /** How often open documents are compared with the store's newest sequence numbers (a quiet document's lost last message). */
  headCheckMs: number;
}

export interface DocumentChange {
  documentId: string;
  /** The last person whose edit is included, if it came from a socket. */
  userId: string | null;
  /**
   * The document as it is when this is read (a report may be handled later, and a refused
   * update's reload replaces the document): read it then, not before.
   */
  readonly doc: Y.Doc;
  /** Edits came since the last report (false: only the text is due, see `text`). */
  edited: boolean;
  /** The text changed since it was last reported with `text`, and its turn has come (see textReportMs). */
  text: boolean;
}

/** Refusals that mean "the document would pass its limits" (DOCUMENT_TOO_LARGE) rather than "broken". */
const limitReasons = new Set<Refusal>(['size', 'attribute', 'subdocument', 'depth']);

/** Origin of changes the server makes itself (version restores). */
const SERVER_ORIGIN = Symbol('server');
/** The 'update' listener while no document is awake (see DocumentEngine.restIfQuiet). */
const ignoreUpdate = () => {};
/** A joined socket's queue: frames go straight to the engine from then on, and nothing is pushed. */
const NO_FRAMES: Uint8Array[] = Object.freeze([]) as unknown as Uint8Array[];
/** Origin of changes another instance committed (they are in the store already). */
const COMMITTED_ELSEWHERE = Symbol('committed elsewhere');

/** A peer's update being applied with the document's 'update' listener off (applyUnencoded): what its transactions did. */
interface UnencodedApply {
  doc: Y.Doc;
  listener: (update: Uint8Array, origin: unknown) => void;
  transactions: number;
  changed: boolean;
  /** The listener is back on: a second transaction began. */
  listening: boolean;
}
/** Synchronous, and never nested (a suggestion copy is another document, without these listeners). */
let applyingUnencoded: UnencodedApply | null = null;

function countTransaction(_transaction: Y.Transaction, doc: Y.Doc): void {
  const unencoded = applyingUnencoded;
  // A transaction after the peer's own is Yjs cleaning up formatting (see applyAllOrNothing):
  // listening again before the peer's transaction is encoded, both are captured as they always were.
  if (unencoded?.doc === doc && ++unencoded.transactions > 1 && !unencoded.listening) {
    unencoded.listening = true;
    doc.on('update', unencoded.listener);
  }
}

/** What Yjs asks before it encodes a transaction for 'update' listeners: did it add or delete anything. */
function noteChange(transaction: Y.Transaction, doc: Y.Doc): void {
  const unencoded = applyingUnencoded;
  if (unencoded?.doc !== doc || unencoded.changed) return;
  if (transaction.deleteSet.clients.size > 0) unencoded.changed = true;
  else for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) unencoded.changed = true;
}


class MalformedMessage extends Error {}

/** A peer's update that could not be applied in full: nothing of it was kept. */
export class UpdateRefused extends Error {
  constructor(
    readonly reason: Refusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The stored state and log into a document, in one transaction. (Y.mergeUpdates would be the
 * obvious call, but it is quadratic in the number of updates: 8 s for a 20,000-entry log, against
 * 75 ms for applying them one by one inside a single transaction.) Throws on broken stored data.
 */
export function applyStored(doc: Y.Doc, stored: Pick<StoredDocument, 'state' | 'updates'>): void {
  Y.transact(doc, () => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/**
 * Committed updates merged into one frame at most. Y.mergeUpdates sorts its inputs again for every
 * struct it takes, so its cost grows with the square of the batch: 32 updates 0.4 ms, 8,000 updates
 * 2.7 s (against 24 ms in frames of 32). A server that fell behind once (the 1×50 bench past its
 * ceiling) built batches of thousands, stalled seconds on each, and never caught up.
 */
export const MERGE_AT_MOST = 32;

const logSize = (stored: StoredDocument) => stored.updates.reduce((n, u) => n + u.length, 0);

/** What an engine tells the registry that holds it (one object for all its engines). */
export interface Lifecycle {
  idle(engine: DocumentEngine): void;
  failed(engine: DocumentEngine): void;
  /** Its memory is freed (unloaded, discarded or failed). */
  gone?(engine: DocumentEngine): void;
}

export class DocumentEngine {
  /** The document while it is awake (see `ydoc`); null while it rests as `resting`. */
  private doc: Y.Doc | null;
  /** The document encoded, while it rests (see restIfQuiet). */
  private resting: Uint8Array | null = null;
  /** The document was read or changed since the last sweep asked (see restIfQuiet). */
  private touched = true;
  private readonly presence: Presence;
  private readonly conns = new Set<Connection>();
  /** Log rows since the stored state, the newest row's sequence number, and the stored size. */
  private logRows: number;
  private lastSeq: number;
  /** The stored state's size, the committed log rows' since, and what waits to be committed. */
  private stateBytes: number;
  private logBytes: number;
  private pendingBytes = 0;
  private pendingWrites = 0;
  private idleWaiters: Array<() => void> = [];
  /** Run, synchronously, at the first moment everything applied is stored and no reload is under way. */
  private idleCallbacks: Array<() => void> = [];
  /** Committed updates waiting to be broadcast (see broadcastCommitted). */
  private readonly outbox: Array<{ update: Uint8Array; origin: unknown; echo: boolean }> = [];
  /** Multi-instance mode: this document's commits in sequence order, and the gap filling. */
  private order: SequenceOrder | null;
  private fillTimer: NodeJS.Timeout | null = null;
  private filling = false;
  private fillAgain = false;
  /** While a change is applied tentatively: what it changed, held back until it is accepted. */
  private capturing: Uint8Array[] | null = null;
  /** Frames that arrived while the document reloads or someone waits for an idle moment; handled in order after. */
  private reloading: Promise<void> | null = null;
  /** The document being thrown away: nothing it emits is kept. */
  private discarded: Y.Doc | null = null;
  private backlog: Array<{ conn: Connection; message: Uint8Array }> = [];
  private unloadTimer: NodeJS.Timeout | null = null;
  private compacting = false;
  private failed = false;
  private unloaded = false;
  /** Dropped because the document is being deleted: nothing more is applied, stored or reported. */
  private deletedWith: { code: number; reason: string } | null = null;
  /** An unreported change, and who made it last. */
  private changed = false;
  private changedBy: string | null = null;
  private changeTimer: NodeJS.Timeout | null = null;
  /** Edits whose text has not been reported yet, when it last was (performance.now()), and the wait for the next turn. */
  private textOwed = false;
  private textReportedAt = -Infinity;
  private textTimer: NodeJS.Timeout | null = null;
  /**
   * While someone suggests: a copy of `of` (the document at the time) that suggestions are tried
   * on, fed every change the document takes. Dropped when a tried update is not taken, when the
   * document is replaced, and when the last suggesting socket leaves.
   */
  private suggestionCopy: { of: Y.Doc; doc: Y.Doc } | null = null;

  constructor(
    readonly id: string,
    stored: StoredDocument,
    private readonly store: DocumentStore,
    private readonly options: EngineOptions,
    private readonly log: Logger,
    private readonly warn: ThrottledWarnings,
    private readonly lifecycle: Lifecycle,
  ) {
    this.doc = this.open(stored);
    this.logRows = stored.updates.length;
    this.lastSeq = stored.lastSeq;
    this.order = options.cluster ? new SequenceOrder(stored.lastSeq) : null;
    this.stateBytes = stored.state?.length ?? 0;
    this.logBytes = logSize(stored);
    const bus = options.cluster?.bus;
    this.presence = new Presence(
      options.presence,
      (message) => {
        const shared = new SharedFrame(message);
        for (const conn of this.conns) conn.sendShared(shared);
        this.hooks.broadcast('awareness', message.byteLength, this.conns.size);
      },
      (conn, reason) => this.refuse(conn, reason, 'presence entry left out'),
      options.presenceRelayMs ?? 0,
      bus ? (update) => bus.publish(this.id, { kind: 'awareness', update }) : null,
    );
  }

  /**
   * The document as stored and as every peer has it, woken from its encoded state if it rested.
   * Replaced when a refused update is rolled back.
   */
  get ydoc(): Y.Doc {
    this.touched = true;
    return this.doc ?? this.wake();
  }

  /** Held as its encoded state (see restIfQuiet). */
  get isResting(): boolean {
    return this.doc === null;
  }

  private wake(): Y.Doc {
    const state = this.resting;
    this.resting = null;
    this.doc = this.open({ state, updates: [] });
    return this.doc;
  }

  /**
   * Asked by the sync server every `restMs`: a document nobody read or changed since the last ask,
   * with nothing waiting (writes, reloads, reports, broadcasts, another instance's commits), is
   * kept as its encoded state instead of its Yjs objects — a five-page plan open in a tab nobody
   * types in holds 2.9 kB of JS heap and 10.9 kB of bytes instead of 57.6 kB of heap (`npm run
   * bench -- --only=memory`). Anything that needs it again (a frame, a join, a report, a restore)
   * wakes it through `ydoc`, from the same bytes a fold would store: what every peer has, since
   * nothing was waiting to be stored.
   */
  restIfQuiet(): void {
    if (this.touched) {
      this.touched = false;
      return;
    }
    const doc = this.doc;
    if (!doc || this.unloaded || this.failed || this.deletedWith || !this.idle || this.compacting || this.capturing) return;
    if (this.idleCallbacks.length > 0 || this.backlog.length > 0 || this.outbox.length > 0) return;
    if (this.changed || this.textOwed || this.changeTimer || this.textTimer) return;
    if (this.fillTimer || this.filling || this.order?.hasGap) return;
    // Held for a missing dependency: kept awake rather than trusting the encoding with it.
    const [pendingStructs, pendingDs] = this.pendingMarker(doc);
    if (pendingStructs || pendingDs) return;
    this.dropSuggestionCopy();
    this.resting = Y.encodeStateAsUpdate(doc);
    this.doc = null;
    // The listener's scope holds the document: without this, every Yjs object stayed alive.
    this.ydocUpdateListener = ignoreUpdate;
    doc.destroy();
  }

  /** Stored size: state plus log, counting what waits to be committed (the limit's measure). */
  private get storedBytes(): number {
    return this.stateBytes + this.logBytes + this.pendingBytes;
  }

  private get hooks(): SyncHooks {
    return this.options.hooks ?? noSyncHooks;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  /** Multi-instance mode: every update up to this sequence number is in the document (0 without a cluster). */
  get committedThrough(): number {
    return this.order?.contiguous ?? 0;
  }

  /** A Y.Doc holding what is stored, wired to persist whatever changes it. */
  private open(stored: Pick<StoredDocument, 'state' | 'updates'>): Y.Doc {
    const doc = new Y.Doc();
    applyStored(doc, stored);
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (doc !== this.doc || doc === this.discarded) return;
      this.feedSuggestionCopy(update);
      if (origin === COMMITTED_ELSEWHERE) this.queueBroadcast(update, origin, false);
      else if (this.capturing) this.capturing.push(update);
      else this.persistThenBroadcast(update, origin);
    };
    doc.on('update', onUpdate);
    this.ydocUpdateListener = onUpdate;
    return doc;
  }

  /** The 'update' listener of the document open() made last (this.ydoc's), taken off while a peer's update is applied. */
  private ydocUpdateListener!: (update: Uint8Array, origin: unknown) => void;

  private feedSuggestionCopy(update: Uint8Array): void {
    if (this.suggestionCopy?.of !== this.ydoc) return;
    try {
      Y.applyUpdate(this.suggestionCopy.doc, update);
    } catch {
      // A copy that cannot follow is made again from the document when next needed.
      this.dropSuggestionCopy();
    }
  }

  // --- sockets ------------------------------------------------------------------------------

  add(conn: Connection): void {
    if (this.deletedWith) {
      conn.close(this.deletedWith.code, this.deletedWith.reason);
      return;
    }
    if (conn.closed) {
      this.scheduleUnloadIfIdle();
      return;
    }
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    shareIdentity(conn, this.conns);
    this.conns.add(conn);
    conn.send(syncStep1Message(this.ydoc));
    const presence = this.presence.snapshot();
    if (presence) conn.send(presence);
    const queued = conn.queued;
    conn.queued = NO_FRAMES;
    for (const message of queued) this.handle(conn, message);
  }

  remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.presence.remove(conn);
    if (conn.info.permission === 'suggest' && ![...this.conns].some((c) => c.info.permission === 'suggest')) this.dropSuggestionCopy();
    this.scheduleUnloadIfIdle();
  }

  /** Every live socket on this document that asked for events. */
  notify(message: Uint8Array): void {
    for (const conn of this.conns) if (conn.wantsEvents) conn.send(message);
  }

  handle(conn: Connection, message: Uint8Array): void {
    // Frames still in flight from a socket of a document being unloaded or deleted.
    if (this.unloaded) return;
    // While someone waits for a moment when everything applied is stored (a joiner's first sync,
    // a "saved"), new frames wait too: the log is committed off the main thread, and a busy
    // document would otherwise take new edits during every commit and never reach that moment.
    if (this.reloading || this.idleCallbacks.length > 0) {
      this.backlog.push({ conn, message });
      return;
    }
    this.dispatch(conn, message);
  }

  private dispatch(conn: Connection, message: Uint8Array): void {
    if (this.unloaded) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.SYNC:
          this.handleSync(conn, decoder);
          break;
        case MessageType.AWARENESS:
          this.presence.receive(conn, decoding.readVarUint8Array(decoder));
          break;
        case MessageType.QUERY_AWARENESS:
          conn.send(this.presence.all());
          break;
        case MessageType.AUTH:
          break;
        case MessageType.COMMENTS:
          conn.wantsEvents = true;
          break;
        case MessageType.SAVED: {
          const nonce = decoding.readVarUint(decoder);
          this.whenIdle(() => conn.send(savedMessage(nonce)));
          break;
        }
        default:
          throw new MalformedMessage(`unknown message type ${type}`);
      }
    } catch (error) {
      if (error instanceof UpdateRefused) {
        this.refuse(conn, error.reason, error.message);
        conn.close(limitReasons.has(error.reason) ? CloseCode.DOCUMENT_TOO_LARGE : CloseCode.MALFORMED_MESSAGE, error.reason);
        return;
      }
      this.refuse(conn, 'malformed', error instanceof Error ? error.message : String(error));
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
        this.whenIdle(() => {
          if (!conn.closed && !this.unloaded) conn.send(syncStep2Message(Y.encodeStateAsUpdate(this.ydoc, stateVector)));
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

  // --- apply → persist → broadcast -----------------------------------------------------------

  /**
   * 3a. A peer's update: refused if its socket may not edit (on a suggesting socket: unless it is
   * a suggestion of its own and nothing more, see ./suggestions.ts), else applied all or nothing.
   */
  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    if (conn.info.permission !== 'edit') {
      // A reader's sync step 2 is usually empty or already known; only something new is looked at.
      if (Y.snapshotContainsUpdate(Y.snapshot(this.ydoc), update)) return;
      if (conn.info.permission !== 'suggest') {
        this.refuse(conn, 'read_only', 'refused update from read-only socket');
        conn.send(permissionDeniedMessage(READ_ONLY_REASON));
        return;
      }
      let verdict: ReturnType<typeof checkSuggestion>;
      try {
        verdict = checkSuggestion(this.ydoc, update, conn.info.user, this.suggestionCopyOfDocument());
      } catch (error) {
        this.dropSuggestionCopy();
        throw new UpdateRefused('malformed', `update could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!verdict.ok) {
        this.dropSuggestionCopy();
        this.refuse(conn, 'not_a_suggestion', `refused update from suggesting socket: ${verdict.reason}`);
        conn.send(permissionDeniedMessage(SUGGEST_ONLY_REASON));
        return;
      }
      // The copy holds the suggestion now; it stays only if the document takes it too.
      try {
        this.applyPeerUpdate(conn, update);
      } catch (error) {
        this.dropSuggestionCopy();
        throw error;
      }
      return;
    }
    this.applyPeerUpdate(conn, update);
  }

  private suggestionCopyOfDocument(): Y.Doc {
    if (this.suggestionCopy?.of !== this.ydoc) {
      this.dropSuggestionCopy();
      this.suggestionCopy = { of: this.ydoc, doc: suggestionScratch(this.ydoc) };
    }
    return this.suggestionCopy.doc;
  }

  private dropSuggestionCopy(): void {
    this.suggestionCopy?.doc.destroy();
    this.suggestionCopy = null;
  }

  /** An update from a socket that may make it: checked against the limits, then applied all or nothing. */
  private applyPeerUpdate(conn: Connection, update: Uint8Array): void {
    let refusal: LimitRefusal | null;
    try {
      refusal = checkUpdate(update, this.storedBytes, this.options.limits);
    } catch (error) {
      if (error instanceof MalformedUpdate) throw new UpdateRefused('malformed', error.message);
      throw error;
    }
    if (refusal) throw new UpdateRefused(refusal.limit, `update refused: ${refusal.detail}`);
    this.applyAllOrNothing(() => this.applyUnencoded(update, conn), conn, update);
  }

  /**
   * Applies a peer's update with the 'update' listener off: Yjs then does not encode what the
   * update changed once more (writing its structs and delete set anew for the listener). Returns
   * true when the update changed the document in its one transaction, whose change is then the
   * update itself (applyAllOrNothing). When a second transaction began, the listener was back
   * before the first was encoded, and both are captured as they always were.
   */
  private applyUnencoded(update: Uint8Array, conn: Connection): boolean {
    const doc = this.ydoc;
    const unencoded: UnencodedApply = { doc, listener: this.ydocUpdateListener, transactions: 0, changed: false, listening: false };
    doc.off('update', unencoded.listener);
    doc.on('beforeTransaction', countTransaction);
    doc.on('afterTransactionCleanup', noteChange);
    applyingUnencoded = unencoded;
    try {
      Y.applyUpdate(doc, update, conn);
    } finally {
      applyingUnencoded = null;
      doc.off('beforeTransaction', countTransaction);
      doc.off('afterTransactionCleanup', noteChange);
      if (!unencoded.listening) doc.on('update', unencoded.listener);
    }
    return !unencoded.listening && unencoded.changed;
  }

  /**
   * Applies a change tentatively, holding back the updates it emits. Accepted in full: what it
   * changed is stored and broadcast. Thrown part-way, or past the depth limit: nothing is kept,
   * and the document is read again from the store (UpdateRefused is thrown to the caller).
   * `raw` is the peer's update as received: stored instead of what its transaction emitted when it
   * changed what Yjs keeps aside (structs or deletions waiting for a missing dependency).
   */
  private applyAllOrNothing(apply: () => boolean | void, origin: unknown, raw?: Uint8Array): void {
    const before = clocksOf(this.ydoc);
    const pendingBefore = this.pendingMarker();
    const captured: Uint8Array[] = [];
    this.capturing = captured;
    let failure: UpdateRefused | null = null;
    let changedUnencoded = false;
    try {
      changedUnencoded = apply() === true;
      const depth = deepestAddedType(this.ydoc, before, this.options.limits.maxDepth);
      if (depth > this.options.limits.maxDepth) {
        failure = new UpdateRefused('depth', `update refused: it nests content deeper than ${this.options.limits.maxDepth} levels`);
      }
    } catch (error) {
      failure = new UpdateRefused('partial_apply', `update could not be applied: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.capturing = null;
    }
    if (failure) {
      void this.reload();
      throw failure;
    }
    // The peer's change is what its transaction emitted, or the update as received when it changed
    // what Yjs keeps aside (structs and deletions waiting for a dependency, outside any update
    // event). Anything emitted after it is Yjs cleaning up formatting after the peer's change, in a
    // transaction of its own here: deletions the peer may not have made itself (its copy saw the
    // change without what others did meanwhile), nor other peers whose copies took other steps to
    // the same state. So they are stored with the change and sent to every peer, the peer too, or
    // someone keeps marks everyone else has dropped.
    // Applied unencoded (applyUnencoded), a change in one transaction is the update as received:
    // all of it was integrated, or skipped by Yjs as already there, or held aside.
    const asReceived = raw && (changedUnencoded || !this.samePending(pendingBefore, this.pendingMarker()));
    const change = asReceived ? raw : captured[0];
    if (!change) return;
    if (asReceived && captured.length === 0) this.feedSuggestionCopy(change);
    const cleanup = captured.slice(1);
    this.persistThenBroadcast(cleanup.length === 0 ? change : Y.mergeUpdates([change, ...cleanup]), origin, cleanup.length > 0);
  }

  /** What Yjs keeps aside (structs and deletions waiting for a dependency), to see whether an update changed it. */
  private pendingMarker(doc = this.ydoc): [unknown, unknown] {
    const store = doc.store as unknown as { pendingStructs: { update: Uint8Array } | null; pendingDs: Uint8Array | null };
    return [store.pendingStructs?.update ?? null, store.pendingDs];
  }

  private samePending(a: [unknown, unknown], b: [unknown, unknown]): boolean {
    return a[0] === b[0] && a[1] === b[1];
  }

  /**
   * Throws away the in-memory document and reads it again from the store, once the writes already
   * under way are committed. Messages that arrive meanwhile wait, and are handled in order after.
   */
  private reload(): Promise<void> {
    if (this.reloading) return this.reloading;
    const broken = this.ydoc;
    this.discarded = broken;
    this.reloading = (async () => {
      try {
        await this.whenPersisted();
        const stored = await this.store.load(this.id);
        if (this.failed) return;
        this.doc = this.open(stored);
        this.logRows = stored.updates.length;
        this.lastSeq = stored.lastSeq;
        // Held messages of other instances are dropped with the old copy; the head check and gap
        // filling bring anything newer than this load.
        if (this.order) this.order = new SequenceOrder(stored.lastSeq);
        this.stateBytes = stored.state?.length ?? 0;
        this.logBytes = logSize(stored);
        this.log.info('document reloaded from the store after a refused update', { documentId: this.id });
      } catch (error) {
        this.fail(error);
      } finally {
        this.discarded = null;
        if (broken !== this.doc) broken.destroy();
      }
    })().finally(() => {
      this.reloading = null;
      // A held frame can be refused and start another reload: the frames after it wait for that
      // one (dispatched now, they would be applied to the copy being thrown away, and lost).
      const backlog = this.backlog.splice(0);
      for (const held of backlog) {
        if (held.conn.closed) continue;
        if (this.reloading) this.backlog.push(held);
        else this.dispatch(held.conn, held.message);
      }
      this.runIdleCallbacks();
    });
    return this.reloading;
  }

  /** 3b. Every accepted change: into the log first, then out to the other peers. */
  private persistThenBroadcast(update: Uint8Array, origin: unknown, echo = false): void {
    this.pendingWrites++;
    this.pendingBytes += update.length;
    this.store.append(this.id, update).then(
      (seq) => {
        this.pendingWrites--;
        this.logRows++;
        // Counted once committed, as logRows: a fold under way subtracts only what it folded.
        this.logBytes += update.length;
        this.pendingBytes -= update.length;
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
          this.runIdleCallbacks();
          if (this.foldDue) void this.compact();
        }
      },
      (error) => this.fail(error),
    );
  }

  private queueBroadcast(update: Uint8Array, origin: unknown, echo: boolean): void {
    this.outbox.push({ update, origin, echo });
    if (this.outbox.length === 1) queueMicrotask(() => this.broadcastCommitted());
  }

  // --- other instances (multi-instance mode) -------------------------------------------------

  /** A message from another instance about this document. */
  fromBus(message: BusMessage): void {
    if (this.unloaded || this.failed || !this.order) return;
    switch (message.kind) {
      case 'update':
        if (this.reloading) return; // the reload reads the store; the gap check brings the rest
        this.applyCommitted(this.order.received(message.seq, message.update));
        if (this.order.hasGap) this.scheduleFill();
        break;
      case 'awareness':
        try {
          this.presence.receiveRemote(message.update);
        } catch (error) {
          this.log.warn('ignoring malformed presence from another instance', { documentId: this.id, error: String(error) });
        }
        break;
      case 'awareness-query': {
        const update = this.presence.ownUpdate();
        if (update) this.options.cluster?.bus.publish(this.id, { kind: 'awareness', update });
        break;
      }
      case 'notice':
        this.notify(message.frame);
        break;
    }
  }

  /**
   * Reads what was committed after the last contiguous update, now: after the bus reconnected
   * (`head` null) or when the store's newest sequence number is ahead of this copy.
   */
  catchUp(head: number | null): void {
    if (!this.order || this.unloaded) return;
    if (head !== null && head <= this.order.contiguous) return;
    if (this.fillTimer) clearTimeout(this.fillTimer);
    this.fillTimer = null;
    void this.fill();
  }

  /** Multi-instance mode: applies everything committed so far (resolves once it is in the document). */
  async caughtUp(): Promise<void> {
    const cluster = this.options.cluster;
    const order = this.order;
    if (!cluster || !order || this.unloaded) return;
    const since = await cluster.log.readSince(this.id, order.contiguous);
    if (!this.unloaded && !this.failed && order === this.order && !this.reloading) this.applyCommitted(order.filled(since));
  }

  /** A gap: give the missing message a moment to arrive before asking the store. */
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
    const cluster = this.options.cluster;
    if (!this.order || !cluster || this.unloaded) return;
    if (this.filling || this.reloading) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    const order = this.order;
    try {
      const since = await cluster.log.readSince(this.id, order.contiguous);
      if (!this.unloaded && !this.failed && order === this.order && !this.reloading) this.applyCommitted(order.filled(since));
    } catch (error) {
      // The head check tries again once the store answers.
      this.log.warn('reading missed updates failed', { documentId: this.id, error: error instanceof Error ? error.message : String(error) });
      return;
    } finally {
      this.filling = false;
    }
    if (this.fillAgain) {
      this.fillAgain = false;
      void this.fill();
    } else if (this.order?.hasGap) {
      this.scheduleFill();
    }
  }

  /** Updates other instances committed, in sequence order: applied, then broadcast (see open()). */
  private applyCommitted(updates: Uint8Array[]): void {
    if (updates.length === 0) return;
    try {
      for (const update of updates) Y.applyUpdate(this.ydoc, update, COMMITTED_ELSEWHERE);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.logRows += updates.length;
    const bytes = updates.reduce((n, u) => n + u.length, 0);
    this.logBytes += bytes;
    this.lastSeq = this.order!.contiguous;
    if (this.pendingWrites === 0 && this.foldDue) void this.compact();
  }

  /**
   * Sends what the last commit stored. Updates committed together go out as one merged frame, so
   * a busy document costs each peer one socket write per commit rather than one per keystroke.
   */
  private broadcastCommitted(): void {
    const committed = this.outbox.splice(0);
    if (committed.length === 0 || this.failed) return;
    for (let i = 0; i < committed.length; i += MERGE_AT_MOST) this.broadcastBatch(committed.slice(i, i + MERGE_AT_MOST));
  }

  private broadcastBatch(batch: Array<{ update: Uint8Array; origin: unknown; echo: boolean }>): void {
    const origins = new Set(batch.map((b) => b.origin));
    const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update));
    const message = updateMessage(update);
    const shared = new SharedFrame(message);
    // A peer whose own edit is part of a mixed batch gets it back; applying it again changes nothing.
    const skip = origins.size === 1 && !batch.some((b) => b.echo) ? batch[0]!.origin : null;
    let recipients = 0;
    for (const conn of this.conns) {
      if (conn === skip) continue;
      conn.sendShared(shared);
      recipients++;
    }
    this.hooks.broadcast('update', message.byteLength, recipients);
  }

  /** Resolves when every update applied so far is committed (or can no longer be). */
  private whenPersisted(): Promise<void> {
    if (this.pendingWrites === 0 || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get idle(): boolean {
    return (this.pendingWrites === 0 || this.failed) && !this.reloading;
  }

  /**
   * Runs `fn` now if everything applied is stored and no reload is under way, else at the first
   * moment that holds, synchronously then: what it reads of the document is what is stored. (A
   * promise would let writes begin between that moment and its continuation; waiting again for a
   * quiet moment would starve on a busy document.)
   */
  private whenIdle(fn: () => void): void {
    if (this.idle) fn();
    else this.idleCallbacks.push(fn);
  }

  private runIdleCallbacks(): void {
    if (!this.idle) return;
    for (const fn of this.idleCallbacks.splice(0)) fn();
    const held = this.backlog.splice(0);
    for (const { conn, message } of held) if (!conn.closed) this.handle(conn, message);
  }

  /** Resolves at the next moment everything applied is stored and no reload is under way. */
  settled(): Promise<void> {
    return new Promise((resolve) => this.whenIdle(resolve));
  }

  /** A change the server makes itself (a restore), applied, stored and broadcast like any edit. */
  async serverChange(apply: (doc: Y.Doc) => void): Promise<void> {
    while (this.reloading) await this.reloading;
    if (this.unloaded) throw new Error('document is not loaded');
    this.applyAllOrNothing(() => this.ydoc.transact(() => apply(this.ydoc), SERVER_ORIGIN), SERVER_ORIGIN);
    await this.whenPersisted();
    this.scheduleUnloadIfIdle();
  }

  /** The content as one update, as stored (once what was applied is). */
  state(): Promise<Uint8Array> {
    return new Promise((resolve) => this.whenIdle(() => resolve(Y.encodeStateAsUpdate(this.ydoc))));
  }

  // --- reporting, logging ---------------------------------------------------------------------

  private refuse(conn: Connection, reason: Refusal, detail: string): void {
    this.hooks.refused(reason);
    this.warn(`${reason}:${conn.info.user.id}:${this.id}`, 'refused input from a socket', {
      reason,
      detail: detail.slice(0, 200),
      documentId: this.id,
      userId: conn.info.user.id,
    });
  }

  private noteChange(origin: unknown): void {
    this.changed = true;
    this.textOwed = true;
    if (origin instanceof Connection) this.changedBy = origin.info.user.id;
    this.changeTimer ??= setTimeout(() => this.reportChange(), this.options.changeReportMs);
  }

  private stopReports(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.textTimer) clearTimeout(this.textTimer);
    this.changeTimer = this.textTimer = null;
  }

  /**
   * Reports edits since the last report, and whether the text is due for search. Storing the text
   * for search is most of what a report costs (a few ms per changed kB in SQLite's full-text index,
   * with secure-delete), and while ten people type it changes everywhere every few seconds: so it
   * is reported at once after a pause, then at most every `textReportMs` (`last`: the document
   * closes, nothing may wait).
   */
  private reportChange(last = false): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = null;
    if (this.failed || this.deletedWith) return;
    const now = performance.now();
    const textWait = last ? 0 : this.textReportedAt + (this.options.textReportMs ?? 0) - now;
    const text = this.textOwed && textWait <= 0;
    if (this.textOwed && !text) {
      this.textTimer ??= setTimeout(() => {
        this.textTimer = null;
        this.reportChange();
      }, textWait);
    }
    if (!this.changed && !text) return;
    const edited = this.changed;
    this.changed = false;
    if (text) {
      this.textOwed = false;
      this.textReportedAt = now;
      if (this.textTimer) clearTimeout(this.textTimer);
      this.textTimer = null;
    }
    try {
      const current = () => this.ydoc;
      const change: DocumentChange = {
        documentId: this.id,
        userId: this.changedBy,
        get doc() {
          return current();
        },
        edited,
        text,
      };
      this.options.onChange?.(change)?.catch((error: unknown) => this.log.error('change report failed', { documentId: this.id, error }));
    } catch (error) {
      this.log.error('change report failed', { documentId: this.id, error });
    }
  }

  // --- compaction and unload -----------------------------------------------------------------

  /**
   * Whether the log is worth folding: compactAfterUpdates rows, and (since a fold writes the whole
   * state, synchronously with synchronous=FULL: 10–45 ms for 1 MB) at least an eighth of the state's
   * size, so a big document folds less often and the cost per edit stays the same. 8× the rows folds
   * it anyway, bounding what a load reads. Asked after each commit and when a document loads.
   */
  get foldDue(): boolean {
    const rows = this.options.compactAfterUpdates;
    return this.logRows >= rows && (this.logBytes * 8 >= this.storedBytes - this.logBytes || this.logRows >= rows * 8);
  }

  /** Folds the log into one stored state. Only called when nothing is waiting to be written. */
  async compact(): Promise<void> {
    if (this.compacting || this.failed || this.deletedWith || this.logRows === 0 || this.reloading) return;
    this.compacting = true;
    const rows = this.logRows;
    const bytes = this.logBytes;
    try {
      // A resting document is folded from its bytes, without waking it (an unload after a rest).
      const state = this.resting ?? Y.encodeStateAsUpdate(this.ydoc);
      await this.store.compact(this.id, state, this.lastSeq);
      this.logRows -= rows;
      // (What was appended meanwhile stays in the log.)
      this.logBytes -= bytes;
      this.stateBytes = state.length;
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
    while (this.reloading) await this.reloading;
    await this.whenPersisted();
    while (this.compacting) await new Promise((r) => setImmediate(r));
    return true;
  }

  /** The document is being deleted: close its sockets, let accepted writes land, free memory without folding. */
  async discard(code: number, reason: string): Promise<void> {
    if (this.deletedWith) return;
    this.deletedWith = { code, reason };
    for (const conn of this.conns) conn.close(code, reason);
    if (!(await this.settle())) return;
    this.stopReports();
    this.changed = this.textOwed = false;
    this.free();
  }

  private free(): void {
    if (this.fillTimer) clearTimeout(this.fillTimer);
    this.fillTimer = null;
    this.lifecycle.gone?.(this);
    this.presence.destroy();
    this.dropSuggestionCopy();
    this.doc?.destroy();
  }

  /** 4. Waits for pending writes, folds the log, frees memory. */
  async unload(): Promise<void> {
    if (!(await this.settle())) return;
    if (!this.failed) await this.compact();
    this.reportChange(true);
    this.stopReports();
    this.free();
  }

  /** A write failed (or found the document deleted): what is in memory is no longer what is stored. Drop it; peers resync. */
  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.stopReports();
    // Deleted behind its back (another instance, retention): nothing failed, and a retry cannot help.
    const deleted = error instanceof DeletedDocumentError;
    if (deleted) this.log.info('the document was deleted; dropping the in-memory document', { documentId: this.id });
    else this.log.error('persisting an update failed; dropping the in-memory document', { documentId: this.id, error });
    this.lifecycle.failed(this);
    const [code, reason] = deleted ? [CloseCode.DELETED, 'deleted'] : [CloseCode.STORAGE_FAILED, 'storage failed'];
    for (const conn of this.conns) conn.close(code, reason);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.runIdleCallbacks();
    this.unloaded = true;
    this.free();
  }
}
