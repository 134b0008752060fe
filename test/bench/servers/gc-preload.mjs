// Loaded into every server for the memory figures (with --expose-gc): collect garbage every
// half second, so memory reflects what is kept alive rather than when V8 last happened to
// collect, and write the JS heap in use to BENCH_HEAP_FILE (RSS alone also moves with malloc
// arenas and heap pages V8 keeps around, which makes it noisy at a few kB per socket).
import fs from 'node:fs';

const file = process.env.BENCH_HEAP_FILE;
if (globalThis.gc) {
  setInterval(() => {
    globalThis.gc();
    if (file) fs.writeFileSync(file, String(process.memoryUsage().heapUsed));
  }, 500).unref();
}
