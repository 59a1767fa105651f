import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { formatLogLine } from "./log-format.ts";

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | NodeJS.Signals | null>;
}

const colour = process.stdout.isTTY;

/**
 * Starts a TypeScript entry point under tsx with an IPC channel: if this supervisor dies, the
 * channel closes and the child stops itself (see stopOnSignals in the kit).
 */
export function startProcess(name: string, options: { cwd: string; entry: string; env: Record<string, string> }): ManagedProcess {
  const child = spawn(process.execPath, ["--import", "tsx", options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      if (line.trim()) process.stdout.write(`${formatLogLine(name, line, colour)}\n`);
    });
  }
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
    child.once("error", () => resolve(null));
  });
  return { name, child, exited };
}

/** Polls `url` until it answers 200; fails if the process exits first or time runs out. */
export async function waitUntilReady(processHandle: ManagedProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void processHandle.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${processHandle.name} exited during start-up (see its log above)`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${processHandle.name} was not ready at ${url} after ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL after `graceMs` for a process that does not stop. */
export async function stopProcess(processHandle: ManagedProcess, graceMs = 10_000): Promise<void> {
  const { child } = processHandle;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await processHandle.exited;
  clearTimeout(timer);
}
