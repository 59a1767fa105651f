import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { formatLogLine } from "./log-format.ts";
import type { ExitStatus, RunningService, ServiceSpec } from "./supervisor.ts";

export interface ManagedProcess extends RunningService {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<ExitStatus>;
}

const colour = process.stdout.isTTY;

/**
 * Starts a TypeScript entry point under tsx with an IPC channel: if this supervisor dies, the
 * channel closes and the child stops itself (see stopOnSignals in the kit). The child gets a
 * process group of its own, so that Ctrl-C in a terminal reaches the supervisor alone, which then
 * stops the children in order (a child that got the terminal's SIGINT too would stop at once,
 * PostgreSQL under the subgraphs still using it).
 */
export function startProcess(
  name: string,
  options: { cwd: string; entry: string; args?: string[]; env: Record<string, string> },
): ManagedProcess {
  const child = spawn(process.execPath, ["--import", "tsx", options.entry, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      if (line.trim()) process.stdout.write(`${formatLogLine(name, line, colour)}\n`);
    });
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
    child.once("error", () => resolve(null));
  });
  const handle: ManagedProcess = { name, child, pid: child.pid, exited, stop: () => stopProcess(handle) };
  return handle;
}

/** A service run from `src/index.ts` in `cwd`, ready when `readyUrl` answers 200. */
export function httpService(name: string, cwd: string, readyUrl: string, env: Record<string, string>): ServiceSpec<ManagedProcess> {
  return {
    name,
    launch: () => startProcess(name, { cwd, entry: "src/index.ts", env }),
    ready: (running) => waitUntilReady(name, running, readyUrl),
  };
}

/** Polls `url` until it answers 200; fails if the process exits first or time runs out. */
export async function waitUntilReady(name: string, running: RunningService, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void running.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited during start-up (see its log above)`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready at ${url} after ${timeoutMs / 1000} s`);
}

/** Resolves when the process sends `message` on its IPC channel; fails if it exits first or time runs out. */
export function waitForMessage(name: string, running: ManagedProcess, message: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${name} did not report ${message} after ${timeoutMs / 1000} s`)), timeoutMs);
    const onMessage = (received: unknown) => received === message && done();
    const done = (error?: Error) => {
      clearTimeout(timer);
      running.child.off("message", onMessage);
      if (error) reject(error);
      else resolve();
    };
    running.child.on("message", onMessage);
    void running.exited.then(() => done(new Error(`${name} exited during start-up (see its log above)`)));
  });
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
