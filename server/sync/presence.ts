/**
 * Presence (y-protocols awareness) of one document: who is here and where their cursor is.
 * Relayed, never stored. A socket speaks only for itself and only within limits (Limits.awareness):
 * a few client ids, a small state each, a bounded total per document. What passes a limit is left
 * out (and logged, throttled); the rest of the message still counts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as random from 'lib0/random';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Standing } from '../../shared/roles';
import type { Connection } from './connection';
import type { Refusal } from './hooks';
import { awarenessMessage } from './messages';

export interface PresenceLimits {
  maxStateBytes: number;
  maxDocumentBytes: number;
  maxClientsPerSocket: number;
}

/** Origin of presence another instance relayed (multi-instance mode). */
const FROM_ELSEWHERE = Symbol('presence from another instance');

export type PresenceRefusal = Extract<Refusal, 'state_too_large' | 'document_presence_full' | 'too_many_clients'>;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * What Awareness asks of its document: a client id of its own (the server's, never sent, as its
 * local state is null) and a 'destroy' event, which this one never emits (Presence.destroy ends the
 * awareness itself). A real Y.Doc per open document cost about 1.3 kB of heap for this.
 */
const noDocument = (): Y.Doc => ({ clientID: random.uint32(), on() {} }) as unknown as Y.Doc;

export class Presence {
  readonly awareness = new awarenessProtocol.Awareness(noDocument());
  /** Every awareness client id present: which of our sockets speaks for it (null: another instance's), and its state's size in bytes. */
  private readonly owners = new Map<number, { conn: Connection | null; size: number }>();
  private readonly clientsOf = new Map<Connection, Set<number>>();
  private total = 0;
  /** Client ids changed since the last relay, and the timer that relays them. */
  private readonly unsent = new Set<number>();
  private relayTimer: NodeJS.Timeout | null = null;

  /**
   * `relayEveryMs`: changes are gathered for this long and relayed as one frame holding each
   * changed client's latest state. A caret moves several times a second per person and every
   * move went to every socket; gathered, each socket gets one frame per interval however many
   * people moved (0 relays each change at once).
   */
  constructor(
    private readonly limits: PresenceLimits,
    private readonly relay: (message: Uint8Array) => void,
    private readonly refused: (conn: Connection, reason: PresenceRefusal) => void,
    private readonly relayEveryMs = 0,
    /** Multi-instance mode: told each change this instance's sockets made, for the other instances. */
    private readonly publish: ((update: Uint8Array) => void) | null = null,
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.changed(change, origin));
  }

  /** Everyone's presence, for a socket that just joined (null if nobody is here). */
  snapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? awarenessMessage(this.awareness, ids) : null;
  }

  /** Everyone's presence, on request. */
  all(): Uint8Array {
    return awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
  }

  /**
   * Applies what a socket says about presence: entries for client ids another socket owns are
   * dropped, the authenticated name replaces whatever name the client put in its `user` field,
   * and entries past the limits are left out. Throws on a message that cannot be decoded.
   */
  receive(conn: Connection, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const entries: Array<{ clientId: number; clock: number; state: string }> = [];
    const mine = this.clientsOf.get(conn) ?? new Set<number>();
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarString(decoder);
      const state = JSON.parse(raw) as unknown;
      const owner = this.owners.get(clientId)?.conn;
      if (owner && owner !== conn) continue;
      if (state === null) {
        entries.push({ clientId, clock, state: 'null' });
        continue;
      }
      if (!owner && mine.size + entries.filter((e) => !mine.has(e.clientId)).length >= this.limits.maxClientsPerSocket) {
        this.refused(conn, 'too_many_clients');
        continue;
      }
      const stamped = JSON.stringify(stampUser(state, conn.info.user, conn.info.standing));
      if (stamped.length > this.limits.maxStateBytes) {
        this.refused(conn, 'state_too_large');
        continue;
      }
      if (this.total - (this.owners.get(clientId)?.size ?? 0) + stamped.length > this.limits.maxDocumentBytes) {
        this.refused(conn, 'document_presence_full');
        continue;
      }
      entries.push({ clientId, clock, state: stamped });
    }
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(entries), conn);
  }

  /**
   * Presence another instance relayed. That instance applied the per-socket rules to its sockets;
   * here no entry may speak for a client id one of ours owns, and the document's own caps hold.
   */
  receiveRemote(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const entries: Array<{ clientId: number; clock: number; state: string }> = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (this.owners.get(clientId)?.conn) continue;
      if (state !== 'null' && (state.length > this.limits.maxStateBytes || this.total - (this.owners.get(clientId)?.size ?? 0) + state.length > this.limits.maxDocumentBytes)) continue;
      entries.push({ clientId, clock, state });
    }
    if (entries.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeEntries(entries), FROM_ELSEWHERE);
  }

  /** The presence of this instance's own sockets, for an instance that just opened the document (null if none). */
  ownUpdate(): Uint8Array | null {
    const ids = [...this.owners].filter(([, entry]) => entry.conn).map(([id]) => id);
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** A socket left: its presence goes for everyone. */
  remove(conn: Connection): void {
    const ids = this.clientsOf.get(conn);
    this.clientsOf.delete(conn);
    if (!ids || ids.size === 0) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  destroy(): void {
    if (this.relayTimer) clearTimeout(this.relayTimer);
    this.relayTimer = null;
    this.unsent.clear();
    this.awareness.destroy();
  }

  private changed(change: AwarenessChange, origin: unknown): void {
    const conn = origin !== null && typeof origin === 'object' && 'info' in origin ? (origin as Connection) : null;
    const states = this.awareness.getStates();
    for (const id of [...change.added, ...change.updated]) {
      const size = JSON.stringify(states.get(id) ?? null).length;
      const entry = this.owners.get(id);
      // Every entry counts toward the document's cap, another instance's too (conn null).
      if (entry) {
        this.total += size - entry.size;
        entry.size = size;
      } else {
        this.total += size;
        this.owners.set(id, { conn, size });
      }
      if (conn && !entry?.conn) {
        this.owners.get(id)!.conn = conn;
        if (!this.clientsOf.has(conn)) this.clientsOf.set(conn, new Set());
        this.clientsOf.get(conn)!.add(id);
      }
    }
    for (const id of change.removed) {
      const entry = this.owners.get(id);
      if (!entry) continue;
      if (entry.conn) this.clientsOf.get(entry.conn)?.delete(id);
      this.owners.delete(id);
      this.total -= entry.size;
    }
    const ids = [...change.added, ...change.updated, ...change.removed];
    // Our sockets' changes (and their leaving, origin null) go to the other instances at once; each
    // one times out stale states by itself, so 'timeout' removals stay local.
    if (this.publish && (conn || origin === null)) this.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    if (this.relayEveryMs <= 0) {
      this.relay(awarenessMessage(this.awareness, ids));
      return;
    }
    for (const id of ids) this.unsent.add(id);
    this.relayTimer ??= setTimeout(() => this.relayUnsent(), this.relayEveryMs);
  }

  private relayUnsent(): void {
    this.relayTimer = null;
    const ids = [...this.unsent];
    this.unsent.clear();
    if (ids.length > 0) this.relay(awarenessMessage(this.awareness, ids));
  }
}

/** An awareness update of the given entries (states already JSON). */
function encodeEntries(entries: Array<{ clientId: number; clock: number; state: string }>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

function stampUser(state: unknown, user: { id: string; name: string }, standing: Standing): unknown {
  if (typeof state !== 'object' || state === null || !('user' in state)) return state;
  const claimed = (state as { user: unknown }).user;
  return { ...state, user: { ...(typeof claimed === 'object' && claimed !== null ? claimed : {}), id: user.id, name: user.name, standing } };
}
