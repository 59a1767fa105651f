import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { eventually as retry } from "@amazoff/kit/testing";

export { freePort } from "@amazoff/db/testing";

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output contains `text` (rejects on exit or timeout). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript entry point under tsx, collecting its output. */
export function spawnTs(
  entry: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; detached?: boolean },
): Spawned {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor(text, timeoutMs = 90_000) {
      const matches = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      if (matches()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for ${text}; output so far:\n${output}`)), timeoutMs);
        const listener = () => matches() && done();
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(listener);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(listener);
        void exited.then(({ code, signal }) => done(new Error(`exited (${code ?? signal}) before ${text}; output:\n${output}`)));
      });
    },
  };
}

/** Every descendant process of `pid` (children, grandchildren, ...), read from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // the process ended while we were reading
    }
  }
  const result: number[] = [];
  const visit = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      result.push(child);
      visit(child);
    }
  };
  visit(pid);
  return result;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped) counts as gone.
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

/** The kit's `eventually` at the pace of whole processes: up to 15 s by default, a try every 200 ms. */
export const eventually = <T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> => retry(check, { timeoutMs, intervalMs: 200 });
