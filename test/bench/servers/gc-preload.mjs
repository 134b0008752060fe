// Loaded into every server for the memory figures (with --expose-gc): collect garbage every
// half second, so memory reflects what is kept alive rather than when V8 last happened to
// collect, and write to BENCH_HEAP_FILE a reading: when it was taken (ms on this process's clock),
// the JS heap in use (RSS alone also moves with malloc arenas and heap pages V8 keeps around,
// which makes it noisy at a few kB per socket), and the milliseconds the event loop has been busy
// so far, these collections left out, and the bytes held in ArrayBuffers (what a JS heap figure
// leaves out: Fellesrom's resting documents are kept as encoded bytes): a server whose heap holds still can still be working
// through delayed work in small steps (Fellesrom indexes edited documents' text at a tenth of the
// thread), which only its busy time shows. Written aside and renamed into place, so that the bench,
// which waits on each new reading, never reads half of one.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_HEAP_FILE;
if (globalThis.gc) {
  let collecting = 0;
  setInterval(() => {
    const start = performance.now();
    globalThis.gc();
    collecting += performance.now() - start;
    const busy = performance.eventLoopUtilization().active - collecting;
    if (!file) return;
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    fs.writeFileSync(`${file}.next`, `${Math.round(performance.now())} ${heapUsed} ${Math.round(busy)} ${arrayBuffers}`);
    fs.renameSync(`${file}.next`, file);
  }, 500).unref();
}
