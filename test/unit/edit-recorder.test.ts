import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditRecorder } from '../../server/documents/edit-recorder';
import { createLogger } from '../../server/log';
import type { DocumentChange } from '../../server/sync/sync-server';
import { waitFor } from '../helpers/wait';

const log = createLogger('silent');
const change = (documentId: string, userId: string | null, doc = new Y.Doc(), due: Partial<Pick<DocumentChange, 'edited' | 'text'>> = {}): DocumentChange => ({
  documentId,
  userId,
  doc,
  edited: true,
  text: true,
  ...due,
});

/** A promise and its resolve, to hold a recording open. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

/**
 * A recorder that notes each record and step in `done`, in order; `lags` says whether a document
 * still needs a step after it, and `hold` may keep a record open.
 */
function loggingRecorder(lags: boolean, hold?: (documentId: string) => Promise<void>) {
  const done: string[] = [];
  const recorder = new EditRecorder(
    async (c) => {
      done.push(`record ${c.documentId}`);
      await hold?.(c.documentId);
      return lags;
    },
    async (id) => {
      done.push(`step ${id}`);
      return lags;
    },
    { share: 1, maxPauseMs: 0 },
    log,
  );
  return { done, recorder };
}

/** For a recorder whose documents' index never lags. */
const noSteps = async () => false;

describe('EditRecorder', () => {
  it('writes one document at a time and merges the reports of a document that waits', async () => {
    const written: Array<{ id: string; editors: string[]; doc: Y.Doc }> = [];
    let active = 0;
    let most = 0;
    const first = gate();
    const recorder = new EditRecorder(
      async (c, editors) => {
        active++;
        most = Math.max(most, active);
        written.push({ id: c.documentId, editors, doc: c.doc });
        if (written.length === 1) await first.opened;
        active--;
      },
      noSteps,
      { share: 1, maxPauseMs: 0 },
      log,
    );
    recorder.report(change('a', 'u1'));
    recorder.report(change('b', 'u2'));
    await waitFor(() => written.length === 1, 10_000, 'the first recording');
    // While a is written: a again (queued behind b), and b twice more (merged into b's report).
    const newestB = new Y.Doc();
    recorder.report(change('a', 'u3'));
    recorder.report(change('b', 'u4'));
    recorder.report(change('b', null, newestB));
    first.open();
    await recorder.flush();
    expect(most).toBe(1);
    expect(written.map((w) => [w.id, w.editors.toSorted()])).toEqual([
      ['a', ['u1']],
      ['b', ['u2', 'u4']],
      ['a', ['u3']],
    ]);
    // The newest report's document (a reload may have replaced it) is what is read.
    expect(written[1]!.doc).toBe(newestB);
  });

  it('a merged report is due for what either was: edits from one, the text from the other; editors only from edits', async () => {
    const written: Array<{ id: string; edited: boolean; text: boolean; editors: string[] }> = [];
    const first = gate();
    const recorder = new EditRecorder(
      async (c, editors) => {
        written.push({ id: c.documentId, edited: c.edited, text: c.text, editors });
        if (written.length === 1) await first.opened;
      },
      noSteps,
      { share: 1, maxPauseMs: 0 },
      log,
    );
    recorder.report(change('a', 'u1'));
    await waitFor(() => written.length === 1, 10_000, 'the first recording');
    // While a is written: b's text only (its author is not an editor of this report), then b's edits.
    recorder.report(change('b', 'u2', new Y.Doc(), { edited: false }));
    recorder.report(change('b', 'u3', new Y.Doc(), { text: false }));
    // …and c's edits, then its text.
    recorder.report(change('c', 'u4', new Y.Doc(), { text: false }));
    recorder.report(change('c', 'u5', new Y.Doc(), { edited: false }));
    first.open();
    await recorder.flush();
    expect(written.slice(1)).toEqual([
      { id: 'b', edited: true, text: true, editors: ['u3'] },
      { id: 'c', edited: true, text: true, editors: ['u4'] },
    ]);
  });

  it('pays back the time a document took before the next, and a failure does not stop the rest', async () => {
    // Each write's wall-clock span and the CPU time it used (what the recorder pays back).
    const spans: Array<[number, number, number]> = [];
    const recorder = new EditRecorder(
      async (c) => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        while (performance.now() - started < 20) {
          // busy, as a big document's index rewrite is
        }
        const used = process.cpuUsage(cpu);
        spans.push([started, performance.now(), (used.user + used.system) / 1000]);
        if (c.documentId === 'a') throw new Error('disk full');
      },
      noSteps,
      // Half the time at most: a write that used 20 ms of CPU is followed by at least 20 ms of other work.
      { share: 0.5, maxPauseMs: 10_000 },
      log,
    );
    recorder.report(change('a', 'u1'));
    recorder.report(change('b', 'u1'));
    await waitFor(() => spans.length === 2, 10_000, 'two recordings');
    const [a, b] = spans as [[number, number, number], [number, number, number]];
    // (Within the millisecond the recorder rounds its pauses to.)
    expect(b[0] - a[1]).toBeGreaterThanOrEqual(a[2] - 1);
    // A report after a pause is due also waits for it.
    recorder.report(change('c', 'u1'));
    const reported = performance.now();
    await waitFor(() => spans.length === 3, 10_000, 'three recordings');
    expect(spans[2]![0] - spans[1]![1]).toBeGreaterThanOrEqual(spans[1]![2] - 1);
    expect(spans[2]![0]).toBeGreaterThan(reported);
  });

  it('writes everything waiting at once on flush, without the pauses', async () => {
    const written: string[] = [];
    const recorder = new EditRecorder(
      async (c) => {
        const started = performance.now();
        while (performance.now() - started < 5) {
          // busy
        }
        written.push(c.documentId);
      },
      noSteps,
      // 5 ms of work would be followed by an hour's pause (the cap) for each document.
      { share: 0.0000001, maxPauseMs: 3_600_000 },
      log,
    );
    for (const id of ['a', 'b', 'c']) recorder.report(change(id, 'u1'));
    await waitFor(() => written.length === 1, 10_000, 'the first recording');
    await recorder.flush();
    expect(written).toEqual(['a', 'b', 'c']);
  });

  it('takes a lagging index one step per turn behind the other documents, keeps it due when a report comes, and stops once it matches', async () => {
    const done: string[] = [];
    // Document a's index needs 3 steps after its report; b's none.
    let aSteps = 3;
    const step = () => {
      aSteps--;
      return aSteps > 0;
    };
    const holdB = gate();
    const recorder = new EditRecorder(
      async (c) => {
        done.push(`record ${c.documentId}`);
        if (c.documentId === 'b') await holdB.opened;
        return c.documentId === 'a' ? step() : false;
      },
      async (id) => {
        done.push(`step ${id}`);
        return step();
      },
      { share: 1, maxPauseMs: 0 },
      log,
    );
    recorder.report(change('a', 'u1'));
    recorder.report(change('b', 'u1'));
    await waitFor(() => done.length === 2, 10_000, 'the first two turns');
    // A report for a while its step waits: the report goes first and the step stays due.
    recorder.report(change('a', 'u2'));
    holdB.open();
    await waitFor(() => aSteps === 0, 10_000, 'a’s steps');
    await recorder.flush();
    expect(done).toEqual(['record a', 'record b', 'record a', 'step a']);
    expect(aSteps).toBe(0);
  });

  it('takes a step for each document it is asked to catch up, once each, after the report of one that had one waiting', async () => {
    const { done, recorder } = loggingRecorder(false);
    recorder.report(change('a', 'u1'));
    recorder.catchUpLater(['a', 'b', 'c', 'b']);
    await waitFor(() => done.length === 4, 10_000, 'the report and three steps');
    // a's report is recorded, and since a step was asked of it too, one follows (behind b and c,
    // queued before it); b and c get one each, however often asked.
    expect(done).toEqual(['record a', 'step b', 'step c', 'step a']);
  });

  it('leaves index steps still due on shutdown, and writes the reports', async () => {
    const hold = gate();
    const { done, recorder } = loggingRecorder(true, async (id) => {
      if (id === 'first') await hold.opened;
    });
    recorder.report(change('first', 'u1'));
    await waitFor(() => done.length === 1, 10_000, 'the first report under way');
    recorder.catchUpLater(['x', 'y']);
    recorder.report(change('second', 'u2'));
    const flushed = recorder.flush();
    hold.open();
    await flushed;
    expect(done).toEqual(['record first', 'record second']);
  });

  it('survives a flush that drops the only step waiting while it waits for its turn', async () => {
    const { done, recorder } = loggingRecorder(false);
    // The drain has started and waits for the event loop's turn; the flush drops the step.
    recorder.catchUpLater(['x']);
    await recorder.flush();
    expect(done).toEqual([]);
    recorder.report(change('a', 'u1'));
    await recorder.flush();
    expect(done).toEqual(['record a']);
  });
});
