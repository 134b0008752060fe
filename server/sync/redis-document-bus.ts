import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { BusListener, BusMessage, ControlMessage, DocumentBus } from './document-bus';

type Eviction = Extract<BusMessage, { kind: 'evict' }>;

const KIND = { update: 0, awareness: 1, 'awareness-query': 2, notice: 3, evict: 4 } as const;
const channelOf = (documentId: string) => `fellesrom:doc:${documentId}`;
const CHANNEL_PREFIX = 'fellesrom:doc:';
/** Revocations and other messages every instance hears. */
const CONTROL_CHANNEL = 'fellesrom:control';

/**
 * The document bus on Redis pub/sub: one channel per document, subscribed only while this instance
 * has the document open. Two connections, as Redis asks (a subscribed connection can only listen).
 */
export class RedisDocumentBus implements DocumentBus {
  /** Tells this instance's own messages apart when they come back on the channel. */
  readonly instanceId = randomUUID();
  private readonly listeners = new Map<string, BusListener>();
  private readonly resyncListeners: Array<() => void> = [];
  private readonly controlListeners: Array<(message: ControlMessage) => void> = [];
  private evictListener: ((documentId: string, message: Eviction) => Promise<void>) | null = null;
  /** Evictions this instance asked for: how many instances have yet to say they dropped the document. */
  private readonly awaitingAcks = new Map<string, { left: number; done: () => void }>();
  private closed = false;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly log: Logger,
  ) {
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    // Resubscribing ourselves (autoResubscribe is off) lets us know when it is done: only then can
    // the database be asked for what was missed without missing what comes next.
    sub.on('ready', () => void this.resubscribe());
    for (const connection of [pub, sub]) {
      connection.on('error', (error: Error) => {
        if (!this.closed) log.warn('redis connection error', { error: error.message });
      });
    }
  }

  static async connect(url: string, log: Logger): Promise<RedisDocumentBus> {
    const pub = new Redis(url, { lazyConnect: true, enableOfflineQueue: false });
    const sub = new Redis(url, { lazyConnect: true, autoResubscribe: false, maxRetriesPerRequest: null });
    await Promise.all([pub.connect(), sub.connect()]);
    const bus = new RedisDocumentBus(pub, sub, log);
    await sub.subscribe(CONTROL_CHANNEL);
    return bus;
  }

  async join(documentId: string, listener: BusListener): Promise<void> {
    this.listeners.set(documentId, listener);
    const subscribed = this.sub.subscribe(channelOf(documentId));
    // While Redis is away the load goes on; the resync after it returns fills what was missed.
    if (this.sub.status === 'ready') await subscribed;
    else subscribed.catch(() => {});
  }

  leave(documentId: string, listener: BusListener): void {
    if (this.listeners.get(documentId) !== listener) return;
    this.listeners.delete(documentId);
    this.sub.unsubscribe(channelOf(documentId)).catch(() => {});
  }

  publish(documentId: string, message: BusMessage): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(channelOf(documentId), Buffer.from(this.encode(message))).catch(() => {});
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  publishControl(message: ControlMessage): void {
    if (this.pub.status !== 'ready') return;
    this.pub.publish(CONTROL_CHANNEL, JSON.stringify({ from: this.instanceId, message })).catch(() => {});
  }

  async evictEverywhere(documentIds: string[], message: Eviction, timeoutMs: number): Promise<void> {
    if (this.pub.status !== 'ready') return;
    const frame = Buffer.from(this.encode(message));
    // PUBLISH answers how many subscribers got it: the instances with the document open (ours too, if we have).
    const counts = await Promise.all(
      documentIds.map(async (id) => {
        const receivers = await this.pub.publish(channelOf(id), frame).catch(() => 0);
        return Math.max(0, receivers - (this.listeners.has(id) ? 1 : 0));
      }),
    );
    const expected = counts.reduce((a, b) => a + b, 0);
    if (message.final || expected === 0) return;
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.awaitingAcks.delete(message.requestId);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      timer.unref();
      this.awaitingAcks.set(message.requestId, { left: expected, done: finish });
    });
  }

  announceEviction(documentIds: string[], message: Eviction): void {
    if (this.pub.status !== 'ready' || documentIds.length === 0) return;
    const announcement = { kind: 'evict', documentIds, requestId: message.requestId, code: message.code, reason: message.reason, final: message.final, deleted: message.deleted };
    this.pub.publish(CONTROL_CHANNEL, JSON.stringify({ from: this.instanceId, message: announcement })).catch(() => {});
  }

  onEvict(listener: (documentId: string, message: Eviction) => Promise<void>): void {
    this.evictListener = listener;
  }

  onControl(listener: (message: ControlMessage) => void): void {
    this.controlListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private async resubscribe(): Promise<void> {
    const channels = [CONTROL_CHANNEL, ...[...this.listeners.keys()].map(channelOf)];
    try {
      await this.sub.subscribe(...channels);
    } catch (error) {
      this.log.warn('redis resubscribe failed', { error: error instanceof Error ? error.message : String(error) });
      return;
    }
    this.log.info('redis is back: catching up the open documents from the database', { documents: this.listeners.size });
    for (const listener of this.resyncListeners) listener();
  }

  private encode(message: BusMessage): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, KIND[message.kind]);
    encoding.writeVarString(encoder, this.instanceId);
    if (message.kind === 'update') {
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeVarUint8Array(encoder, message.update);
    } else if (message.kind === 'awareness') {
      encoding.writeVarUint8Array(encoder, message.update);
    } else if (message.kind === 'notice') {
      encoding.writeVarUint8Array(encoder, message.frame);
    } else if (message.kind === 'evict') {
      encoding.writeVarString(encoder, message.requestId);
      encoding.writeVarUint(encoder, message.code);
      encoding.writeVarString(encoder, message.reason);
      encoding.writeVarUint(encoder, (message.final ? 1 : 0) | (message.deleted ? 2 : 0));
    }
    return encoding.toUint8Array(encoder);
  }

  private receive(channel: string, data: Buffer): void {
    if (channel === CONTROL_CHANNEL) return this.receiveControl(data);
    const documentId = channel.startsWith(CHANNEL_PREFIX) ? channel.slice(CHANNEL_PREFIX.length) : null;
    const listener = documentId === null ? undefined : this.listeners.get(documentId);
    if (!listener || documentId === null) return;
    let message: BusMessage;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const kind = decoding.readVarUint(decoder);
      if (decoding.readVarString(decoder) === this.instanceId) return;
      if (kind === KIND.update) {
        message = { kind: 'update', seq: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) };
      } else if (kind === KIND.awareness) {
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      } else if (kind === KIND['awareness-query']) {
        message = { kind: 'awareness-query' };
      } else if (kind === KIND.notice) {
        message = { kind: 'notice', frame: decoding.readVarUint8Array(decoder) };
      } else if (kind === KIND.evict) {
        const requestId = decoding.readVarString(decoder);
        const code = decoding.readVarUint(decoder);
        const reason = decoding.readVarString(decoder);
        const flags = decoding.readVarUint(decoder);
        message = { kind: 'evict', requestId, code, reason, final: (flags & 1) !== 0, deleted: (flags & 2) !== 0 };
      } else {
        throw new Error(`unknown kind ${kind}`);
      }
    } catch (error) {
      this.log.warn('ignoring a malformed bus message', { channel, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (message.kind === 'evict') return this.evict(documentId, message);
    listener(message);
  }

  /**
   * Drops the document here, then, if asked on its channel, tells the instance that asked (it waits
   * before deleting rows); an announcement on the control channel wants no answer.
   */
  private evict(documentId: string, message: Eviction, answer = true): void {
    const dropped = this.evictListener?.(documentId, message) ?? Promise.resolve();
    dropped
      .catch((error: unknown) => this.log.warn('evicting a document failed', { documentId, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        if (!answer || message.final || this.pub.status !== 'ready') return;
        this.pub.publish(CONTROL_CHANNEL, JSON.stringify({ from: this.instanceId, message: { kind: 'evict-ack', requestId: message.requestId } })).catch(() => {});
      });
  }

  private receiveControl(data: Buffer): void {
    let parsed: { from?: unknown; message?: ControlMessage };
    try {
      parsed = JSON.parse(data.toString('utf8')) as typeof parsed;
    } catch {
      this.log.warn('ignoring a malformed control message');
      return;
    }
    if (parsed.from === this.instanceId) return;
    const ack = parsed.message as { kind?: unknown; requestId?: unknown } | undefined;
    if (ack?.kind === 'evict-ack' && typeof ack.requestId === 'string') {
      const waiting = this.awaitingAcks.get(ack.requestId);
      if (waiting && --waiting.left <= 0) waiting.done();
      return;
    }
    const announced = evictionAnnounced(parsed.message);
    if (announced) {
      for (const documentId of announced.documentIds) this.evict(documentId, announced.message, false);
      return;
    }
    if (parsed.message?.kind !== 'revoke') return;
    for (const listener of this.controlListeners) listener(parsed.message);
  }
}

/** An eviction announced on the control channel, checked field by field (it came over the network). */
function evictionAnnounced(value: unknown): { documentIds: string[]; message: Eviction } | null {
  const m = value as Record<string, unknown> | null | undefined;
  if (m?.kind !== 'evict' || !Array.isArray(m.documentIds) || !m.documentIds.every((id) => typeof id === 'string')) return null;
  if (typeof m.requestId !== 'string' || typeof m.code !== 'number' || typeof m.reason !== 'string' || typeof m.final !== 'boolean' || typeof m.deleted !== 'boolean') return null;
  return {
    documentIds: m.documentIds as string[],
    message: { kind: 'evict', requestId: m.requestId, code: m.code, reason: m.reason, final: m.final, deleted: m.deleted },
  };
}
