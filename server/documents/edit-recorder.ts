/**
 * Records edited documents' rows (record-edit.ts) one document at a time, with the event loop's
 * other work between them, and spending on average at most `share` of the main thread's time.
 *
 * Why: writing a document's row costs real time on this thread (until search text was indexed in
 * chunks, storeSearchText, each write put all of a document's words into the full-text index again:
 * with FTS5's secure-delete, tens of milliseconds for a 20-page plan, in one synchronous statement).
 * Reports of documents edited together come due together, so twenty of them used to run back to
 * back inside one timer turn, and every socket on the server waited a quarter of a second for its
 * keystrokes (the bench's p99 at half the ceiling). Here each waits its turn; a report that waits
 * is merged with the document's next one, and the document is read when its turn comes, so what is
 * written is the newest text. Under light load a report is written at once; under heavy load the
 * index (and "last edited") lags, keystrokes do not.
 *
 * A document's search index is brought up to date in bounded steps (INDEX_STEP_CHARS): `record`
 * takes the first and says whether more are needed; each further step (`catchUp`) waits its turn
 * like a document's report, so a long re-index never holds the thread for more than one step.
 */
import type { Logger } from '../log';
import type { DocumentChange } from '../sync/sync-server';

export interface EditRecorderOptions {
  /** The share of the main thread's time that recording may take on average (0–1]. */
  share: number;
  /** The longest pause between two documents, however long the last one took. */
  maxPauseMs: number;
}

/**
 * One document's waiting work: the newest change and everyone whose edits it includes, or (change
 * null) only the next step of its index; `indexLags`: a step is due after the change, too.
 */
interface Waiting {
  change: DocumentChange | null;
  editors: Set<string>;
  indexLags: boolean;
}

export class EditRecorder {
  private readonly waiting = new Map<string, Waiting>();
  private running: Promise<void> | null = null;
  /** On shutdown: no pauses, everything waiting is written now. */
  private hurry = false;
  /** When the next document may be recorded (performance.now()), so the last one's cost is paid back first. */
  private notBefore = 0;
  private pauseTimer: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  constructor(
    /** Writes a document's rows; true: its search index needs more steps. */
    private readonly record: (change: DocumentChange, editors: string[]) => Promise<boolean | void>,
    /** One more step of a document's index; true: more are needed. */
    private readonly catchUp: (documentId: string) => Promise<boolean>,
    private readonly options: EditRecorderOptions,
    private readonly log: Logger,
  ) {}

  /** Queues a document's report (the engine's `onChange`). */
  report(change: DocumentChange): void {
    const waiting = this.waiting.get(change.documentId);
    if (waiting) {
      // (A waiting index step stays due: `indexLags` is kept.)
      waiting.change = waiting.change ? joined(waiting.change, change) : change;
      if (change.edited && change.userId) waiting.editors.add(change.userId);
    } else {
      this.waiting.set(change.documentId, { change, editors: new Set(change.edited && change.userId ? [change.userId] : []), indexLags: false });
    }
    this.start();
  }

  private start(): void {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Queues a step of each document's index (after a restart: see documentsWhoseIndexMayLag). */
  catchUpLater(documentIds: Iterable<string>): void {
    for (const documentId of documentIds) this.queueStep(documentId);
    if (this.waiting.size > 0) this.start();
  }

  /** A step of the document's index is due: with its waiting report, or as a turn of its own at the end. */
  private queueStep(documentId: string): void {
    const waiting = this.waiting.get(documentId);
    if (waiting) waiting.indexLags = true;
    else this.waiting.set(documentId, { change: null, editors: new Set(), indexLags: true });
  }

  /**
   * Writes everything reported so far, without pauses (before the database closes). Index steps
   * still due are left: the next start takes them up again (documentsWhoseIndexMayLag), and a
   * shutdown must not wait for them, nor put the reports behind them.
   */
  async flush(): Promise<void> {
    this.hurry = true;
    for (const [documentId, waiting] of this.waiting) {
      if (waiting.change) waiting.indexLags = false;
      else this.waiting.delete(documentId);
    }
    this.pauseTimer?.resolve();
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.waiting.size > 0) {
      // (Again after each pause: a timer counts from the event loop's cached clock, which is older
      // than the end of a long write in the same turn, so it can fire early.)
      for (let wait = this.notBefore - performance.now(); !this.hurry && wait >= 1; wait = this.notBefore - performance.now()) await this.pause(wait);
      // Sockets' frames and commits that arrived meanwhile go first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // (A flush meanwhile may have dropped what was waiting: index steps only.)
      const next = this.waiting.entries().next().value;
      if (!next) break;
      const [documentId, { change, editors, indexLags }] = next;
      this.waiting.delete(documentId);
      // CPU time, not wall time: on a busy machine the wall clock also counts other processes' turns.
      const started = process.cpuUsage();
      let lags = false;
      try {
        lags = change ? (await this.record(change, [...editors])) === true || indexLags : await this.catchUp(documentId);
      } catch (error) {
        this.log.error(change ? 'recording an edit failed' : 'indexing an edited document failed', { documentId, error });
      }
      // Behind the documents waiting now; a report that comes meanwhile takes the step with it.
      if (lags && !this.hurry) this.queueStep(documentId);
      const used = process.cpuUsage(started);
      const tookMs = (used.user + used.system) / 1000;
      this.notBefore = performance.now() + Math.min(tookMs * (1 / this.options.share - 1), this.options.maxPauseMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pauseTimer = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pauseTimer = { timer, resolve: done };
    });
  }
}

/** A report that waited, and the next one: the newer's document and author, what either was due for. */
function joined(older: DocumentChange, newer: DocumentChange): DocumentChange {
  return {
    documentId: newer.documentId,
    userId: newer.userId,
    get doc() {
      return newer.doc;
    },
    edited: older.edited || newer.edited,
    text: older.text || newer.text,
  };
}
