// Preloaded into the Prisma CLI by prisma.mjs.
//
// Prisma 6.19's WebAssembly schema engine arms a 10 s timer for every database operation and
// never clears it, so each `migrate` command sits idle for 10 s after it has finished (measured:
// 12 s for a `migrate deploy` with nothing to apply, 2 s with this file). Timers armed from the
// WebAssembly module are unref'd: they still fire if the process is alive, but no longer keep an
// otherwise finished CLI running. Timers armed by JavaScript code are untouched.
"use strict";
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(callback, delay, ...args) {
  const timer = originalSetTimeout(callback, delay, ...args);
  if (delay >= 1000 && typeof timer?.unref === "function") {
    const stack = new Error().stack ?? "";
    if (stack.includes("wasm://")) timer.unref();
  }
  return timer;
};
