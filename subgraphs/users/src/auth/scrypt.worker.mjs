// One scrypt at a time, synchronously, in a worker thread of ScryptPool (scrypt-pool.ts): the
// hashing then occupies this thread only, never the event loop or libuv's shared thread pool.
// Plain JavaScript so that it runs as is under tsx, vitest and node alike.
import { scryptSync } from "node:crypto";
import { parentPort } from "node:worker_threads";

parentPort.on("message", ({ id, password, salt, keyLength, options }) => {
  try {
    const key = scryptSync(password, salt, keyLength, options);
    parentPort.postMessage({ id, key });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
