/**
 * Preloaded into a server process (NODE_OPTIONS=--import …) to give it a clock CLOCK_SKEW_MS off
 * the machine's: instances on different machines never agree exactly, and sometimes by a lot.
 */
const skew = Number(process.env.CLOCK_SKEW_MS ?? 0);
const machineNow = Date.now;
Date.now = () => machineNow() + skew;
