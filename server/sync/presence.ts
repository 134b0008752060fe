/**
 * Presence (y-protocols awareness) of one document: who is here and where their cursor is.
 * Relayed, never stored. A socket speaks only for itself and only within limits (Limits.awareness):
 * a few client ids, a small state each, a bounded total per document. What passes a limit is left
 * out (and logged, throttled); the rest of the message still counts.
 */
import * as decoding from 'lib0/decoding';
import type { Standing } from '../../shared/roles';
import type { Connection } from './connection';
import type { Refusal } from './hooks';
import { awarenessMessage, awarenessUpdate } from './messages';

export interface PresenceLimits {
  maxStateBytes: number;
  maxDocumentBytes: number;
  maxClientsPerSocket: number;
}

export type PresenceRefusal = Extract<Refusal, 'state_too_large' | 'document_presence_full' | 'too_many_clients'>;

/** One awareness client's latest state, as stamped and encoded once, and who speaks for it. */
interface Entry {
  /** Our socket that speaks for it; null: a socket of another instance (multi-instance mode). */
  conn: Connection | null;
  clock: number;
  /** The stamped state as JSON; what every socket is sent, as it is. */
  json: string;
  /** When it was last renewed (ms). */
  seen: number;
}

/** What a relay sends for a client: its clock and state, or null once it is gone. */
type Outgoing = { clock: number; json: string | null };

/**
 * y-protocols' rule: a client that has not renewed its state for this long is gone (its
 * providers renew every 15 s while they live).
 */
const OUTDATED_MS = 30_000;

/**
 * The y-protocols awareness protocol, kept as the JSON each state is relayed as: a state is parsed
 * and stamped once when it arrives and its encoded string reused for every socket and joiner.
 * (y-protocols' Awareness parsed each message again after we had, stringified each state again
 * to weigh it and again for each relay, and needed a Y.Doc and a timer per document.)
 */
export class Presence {
  private readonly entries = new Map<number, Entry>();
  private total = 0;
  /** Changes since the last relay (the latest per client), and the timer that relays them. */
  private unsent: Map<number, Outgoing> | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;

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
  ) {}

  /** Everyone's presence, for a socket that just joined (null if nobody is here). */
  snapshot(): Uint8Array | null {
    return this.entries.size > 0 ? this.all() : null;
  }

  /** Everyone's presence, on request. */
  all(): Uint8Array {
    return awarenessMessage([...this.entries].map(([id, e]) => [id, e.clock, e.json]));
  }

  /** The presence of this instance's own sockets, for an instance that just opened the document (null if none). */
  ownUpdate(): Uint8Array | null {
    const own = [...this.entries].filter(([, e]) => e.conn).map(([id, e]): [number, number, string] => [id, e.clock, e.json]);
    return own.length > 0 ? awarenessUpdate(own) : null;
  }

  /**
   * Applies what a socket says about presence: entries for client ids another socket owns are
   * dropped, the authenticated name replaces whatever name the client put in its `user` field,
   * and entries past the limits are left out. Throws on a message that cannot be decoded.
   */
  receive(conn: Connection, update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const changes = new Map<number, Outgoing>();
    const now = Date.now();
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
      const entry = this.entries.get(clientId);
      if (entry && entry.conn !== conn) continue;
      // y-protocols' rule: only a newer clock counts (an unknown client's is 0), or the same clock removing a state.
      if (!(clock > (entry?.clock ?? 0) || (entry && clock === entry.clock && state === null))) continue;
      if (state === null) {
        if (!entry) continue;
        this.drop(clientId, entry);
        changes.set(clientId, { clock, json: null });
        continue;
      }
      if (!entry && this.countOf(conn) >= this.limits.maxClientsPerSocket) {
        this.refused(conn, 'too_many_clients');
        continue;
      }
      const json = JSON.stringify(stampUser(state, conn.info.user, conn.info.standing));
      if (json.length > this.limits.maxStateBytes) {
        this.refused(conn, 'state_too_large');
        continue;
      }
      if (this.total - (entry?.json.length ?? 0) + json.length > this.limits.maxDocumentBytes) {
        this.refused(conn, 'document_presence_full');
        continue;
      }
      this.total += json.length - (entry?.json.length ?? 0);
      if (entry) {
        entry.clock = clock;
        entry.json = json;
        entry.seen = now;
      } else {
        this.entries.set(clientId, { conn, clock, json, seen: now });
        this.sweepTimer ??= setInterval(() => this.sweep(), OUTDATED_MS / 10).unref();
      }
      changes.set(clientId, { clock, json });
    }
    this.changed(changes, true);
  }

  /**
   * Presence another instance relayed, as JSON it already stamped and checked against the per-socket
   * rules for its sockets: here no entry may speak for a client id one of ours owns, and the
   * document's own caps hold (every entry counts toward them).
   */
  receiveRemote(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const changes = new Map<number, Outgoing>();
    const now = Date.now();
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const entry = this.entries.get(clientId);
      if (entry?.conn) continue;
      if (!(clock > (entry?.clock ?? 0) || (entry && clock === entry.clock && json === 'null'))) continue;
      if (json === 'null') {
        if (!entry) continue;
        this.drop(clientId, entry);
        changes.set(clientId, { clock, json: null });
        continue;
      }
      if (json.length > this.limits.maxStateBytes || this.total - (entry?.json.length ?? 0) + json.length > this.limits.maxDocumentBytes) continue;
      this.total += json.length - (entry?.json.length ?? 0);
      if (entry) {
        entry.clock = clock;
        entry.json = json;
        entry.seen = now;
      } else {
        this.entries.set(clientId, { conn: null, clock, json, seen: now });
        this.sweepTimer ??= setInterval(() => this.sweep(), OUTDATED_MS / 10).unref();
      }
      changes.set(clientId, { clock, json });
    }
    this.changed(changes, false);
  }

  /** A socket left: its presence goes for everyone. */
  remove(conn: Connection): void {
    const changes = new Map<number, Outgoing>();
    for (const [id, entry] of this.entries) {
      if (entry.conn !== conn) continue;
      this.drop(id, entry);
      changes.set(id, { clock: entry.clock, json: null });
    }
    this.changed(changes, true);
  }

  /** How many client ids `conn` speaks for (a few at most; no index is kept for so few). */
  private countOf(conn: Connection): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.conn === conn) n++;
    return n;
  }

  destroy(): void {
    if (this.relayTimer) clearTimeout(this.relayTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.relayTimer = null;
    this.sweepTimer = null;
    this.unsent = null;
    this.entries.clear();
  }

  private drop(id: number, entry: Entry): void {
    this.entries.delete(id);
    this.total -= entry.json.length;
  }

  /** States not renewed within OUTDATED_MS are gone, as every y-protocols peer (and every instance) decides by itself. */
  private sweep(): void {
    const now = Date.now();
    const changes = new Map<number, Outgoing>();
    for (const [id, entry] of this.entries) {
      if (now - entry.seen < OUTDATED_MS) continue;
      this.drop(id, entry);
      changes.set(id, { clock: entry.clock, json: null });
    }
    this.changed(changes, false);
  }

  /** `ours`: made by this instance's sockets (or their leaving), so the other instances hear of it at once. */
  private changed(changes: Map<number, Outgoing>, ours: boolean): void {
    if (changes.size === 0) return;
    const states = [...changes].map(([id, o]): [number, number, string | null] => [id, o.clock, o.json]);
    if (ours && this.publish) this.publish(awarenessUpdate(states));
    if (this.relayEveryMs <= 0) {
      this.relay(awarenessMessage(states));
      return;
    }
    this.unsent ??= new Map();
    for (const [id, o] of changes) this.unsent.set(id, o);
    this.relayTimer ??= setTimeout(() => this.relayUnsent(), this.relayEveryMs);
  }

  private relayUnsent(): void {
    this.relayTimer = null;
    const states = [...(this.unsent ?? [])].map(([id, o]): [number, number, string | null] => [id, o.clock, o.json]);
    this.unsent = null;
    if (states.length > 0) this.relay(awarenessMessage(states));
  }
}

function stampUser(state: unknown, user: { id: string; name: string }, standing: Standing): unknown {
  if (typeof state !== 'object' || state === null || !('user' in state)) return state;
  const claimed = (state as { user: unknown }).user;
  return { ...state, user: { ...(typeof claimed === 'object' && claimed !== null ? claimed : {}), id: user.id, name: user.name, standing } };
}
