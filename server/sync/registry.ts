/**
 * Which documents are in memory: each is loaded once however many sockets ask at the same time,
 * unloaded when its engine says it is idle, and forgotten when its writes failed. A load of a
 * document that is still unloading waits for the unload to finish.
 */
import type { Logger, ThrottledWarnings } from '../log';
import type { BusListener, BusMessage } from './document-bus';
import { DocumentEngine, type EngineOptions, type Lifecycle } from './document-engine';
import type { DocumentStore } from './document-store';

export class DocumentRegistry {
  /** Loading or loaded documents. A missing entry means "not in memory". */
  private readonly docs = new Map<string, Promise<DocumentEngine>>();
  /** Documents being unloaded. */
  private readonly unloading = new Map<string, Promise<void>>();
  /** Loaded engines, for the cluster's resync and head checks. */
  private readonly loaded = new Map<string, DocumentEngine>();

  /** Multi-instance mode: each engine's listener on the bus, taken off when the engine is gone. */
  private readonly busListeners = new WeakMap<DocumentEngine, BusListener>();
  /**
   * One for every engine, rather than three callbacks per document that would keep each load's
   * scope alive as long as the document is open (about 300 bytes a document).
   */
  private readonly lifecycle: Lifecycle = {
    idle: (engine) => this.unload(engine),
    failed: (engine) => this.dropFailed(engine),
    gone: (engine) => {
      const listener = this.busListeners.get(engine);
      if (listener) {
        this.busListeners.delete(engine);
        this.options.cluster?.bus.leave(engine.id, listener);
      }
      if (this.loaded.get(engine.id) === engine) this.loaded.delete(engine.id);
    },
  };

  constructor(
    private readonly store: DocumentStore,
    private readonly options: EngineOptions,
    private readonly log: Logger,
    private readonly warn: ThrottledWarnings,
  ) {}

  /** Number of documents in memory (loading or loaded). */
  get size(): number {
    return this.docs.size;
  }

  /** Engines in memory and loaded. */
  get engines(): IterableIterator<DocumentEngine> {
    return this.loaded.values();
  }

  /** The open document, if it is in memory (or loading). */
  peek(documentId: string): Promise<DocumentEngine> | undefined {
    return this.docs.get(documentId);
  }

  /** Waits for an unload of the document under way, if any. */
  async settled(documentId: string): Promise<void> {
    await this.unloading.get(documentId);
  }

  /** One load per document, shared by every caller that asks while it runs. Rejects if the stored data cannot be read. */
  acquire(documentId: string): Promise<DocumentEngine> {
    const existing = this.docs.get(documentId);
    if (existing) return existing;
    const loading = (async () => {
      await this.unloading.get(documentId);
      // Multi-instance mode: on the bus before the load, so nothing committed after the load's
      // snapshot is missed; what arrives meanwhile waits, then is ordered by sequence number.
      const bus = this.options.cluster?.bus;
      let target: DocumentEngine | null = null;
      const early: BusMessage[] = [];
      const listener: BusListener = (message) => {
        if (target) target.fromBus(message);
        else early.push(message);
      };
      await bus?.join(documentId, listener);
      let engine: DocumentEngine;
      try {
        const stored = await this.store.load(documentId);
        engine = new DocumentEngine(documentId, stored, this.store, this.options, this.log, this.warn, this.lifecycle);
      } catch (error) {
        bus?.leave(documentId, listener);
        throw error;
      }
      if (bus) this.busListeners.set(engine, listener);
      target = engine;
      this.loaded.set(documentId, engine);
      for (const message of early) engine.fromBus(message);
      await this.upgrade(engine);
      bus?.publish(documentId, { kind: 'awareness-query' });
      // By the same rule as after an edit: a big document's few hundred rows are not worth a fold
      // that writes its whole state before anyone is answered.
      if (engine.foldDue) await engine.compact();
      return engine;
    })();
    this.docs.set(documentId, loading);
    loading.catch(() => {
      if (this.docs.get(documentId) === loading) this.docs.delete(documentId);
    });
    return loading;
  }

  /**
   * Brings an old document to the current structure, once. With several instances two may load it
   * at the same moment: the upgrade runs under the document's lock in the database, after reading
   * what was committed meanwhile, so the second finds it done.
   */
  private async upgrade(engine: DocumentEngine): Promise<void> {
    const upgrade = this.options.upgrade;
    const needed = await upgrade?.(engine.id, engine.ydoc);
    if (!upgrade || !needed) return;
    const cluster = this.options.cluster;
    if (!cluster) {
      await engine.serverChange(needed);
      return;
    }
    await cluster.log.withDocumentLock(engine.id, async () => {
      await engine.caughtUp();
      const change = await upgrade(engine.id, engine.ydoc);
      if (change) await engine.serverChange(change);
    });
  }

  /** Unloads every open document (shutdown) and waits for unloads under way. */
  async unloadAll(): Promise<void> {
    const open = [...this.docs.values()];
    this.docs.clear();
    await Promise.allSettled(open.map(async (loading) => (await loading).unload()));
    await Promise.allSettled(this.unloading.values());
  }

  /** An engine whose grace period ran out with no sockets: fold its log and free it. */
  private unload(engine: DocumentEngine): void {
    this.docs.delete(engine.id);
    const done = engine.unload().finally(() => {
      if (this.unloading.get(engine.id) === done) this.unloading.delete(engine.id);
    });
    this.unloading.set(engine.id, done);
  }

  /** An engine whose writes failed: forget it without folding; the next load reads the store. */
  private dropFailed(engine: DocumentEngine): void {
    this.docs.delete(engine.id);
  }

  /** A document being deleted: its sockets closed with `code`, dropped from memory once its pending writes are done, without folding. */
  async evict(documentId: string, code: number, reason: string): Promise<void> {
    const open = this.docs.get(documentId);
    this.docs.delete(documentId);
    if (open) await (await open.catch(() => null))?.discard(code, reason);
    await this.unloading.get(documentId);
  }
}
