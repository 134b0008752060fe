/**
 * One document's committed updates, put in sequence order whichever way they arrive: this
 * instance's own commits (already in its Y.Doc), messages from other instances (in any order, some
 * never), and rows read back from the database to fill a gap.
 *
 * `contiguous` is the newest sequence number such that every update up to it is in the document.
 * Nothing newer than a gap is handed out until the gap is filled.
 */
export class SequenceOrder {
  /** Own commits above `contiguous`: in the document, not yet contiguous. */
  private readonly ahead = new Set<number>();
  /** Other instances' updates above `contiguous + 1`, held until the gap closes. */
  private readonly waiting = new Map<number, Uint8Array>();

  constructor(public contiguous: number) {}

  /** True while something newer than `contiguous` is known but an update before it is missing. */
  get hasGap(): boolean {
    return this.ahead.size > 0 || this.waiting.size > 0;
  }

  /** How many held updates wait for a gap to close. */
  get held(): number {
    return this.waiting.size;
  }

  /**
   * This instance committed `seq`; its update is already in the document. Returns held updates of
   * other instances that this closed the gap before, to apply now, in order.
   */
  committed(seq: number): Uint8Array[] {
    if (seq <= this.contiguous) return [];
    this.ahead.add(seq);
    const ready: Uint8Array[] = [];
    this.advance(ready);
    return ready;
  }

  /** Another instance committed `seq`. Returns the updates to apply now, in order. */
  received(seq: number, update: Uint8Array): Uint8Array[] {
    if (seq <= this.contiguous || this.ahead.has(seq) || this.waiting.has(seq)) return [];
    this.waiting.set(seq, update);
    const ready: Uint8Array[] = [];
    this.advance(ready);
    return ready;
  }

  /**
   * What the database had after some earlier `contiguous`: the folded state (if rows were compacted
   * away) and the rows, oldest first. Returns the updates to apply now, in order.
   */
  filled(since: { state: { update: Uint8Array; throughSeq: number } | null; updates: Array<{ seq: number; update: Uint8Array }> }): Uint8Array[] {
    const ready: Uint8Array[] = [];
    if (since.state && since.state.throughSeq > this.contiguous) {
      ready.push(since.state.update);
      this.skipTo(since.state.throughSeq);
    }
    for (const row of since.updates) {
      if (row.seq <= this.contiguous) continue;
      // The log has no holes (each document's numbers commit in order); a hole means a bug.
      if (row.seq !== this.contiguous + 1) throw new Error(`log row ${row.seq} follows ${this.contiguous}`);
      if (!this.ahead.delete(row.seq)) ready.push(row.update);
      this.waiting.delete(row.seq);
      this.contiguous = row.seq;
    }
    this.advance(ready);
    return ready;
  }

  private skipTo(seq: number): void {
    this.contiguous = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    for (const s of this.waiting.keys()) if (s <= seq) this.waiting.delete(s);
  }

  private advance(ready: Uint8Array[]): void {
    for (;;) {
      const next = this.contiguous + 1;
      if (this.ahead.delete(next)) {
        this.contiguous = next;
        continue;
      }
      const update = this.waiting.get(next);
      if (!update) return;
      this.waiting.delete(next);
      ready.push(update);
      this.contiguous = next;
    }
  }
}
