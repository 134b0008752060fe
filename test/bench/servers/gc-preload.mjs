// Loaded into every server for the memory figures (with --expose-gc): collect garbage every
// half second, so RSS reflects what is kept alive rather than when V8 last happened to collect.
if (globalThis.gc) setInterval(() => globalThis.gc(), 500).unref();
