import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { chmod, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

export interface Platform {
  child: ChildProcess;
  routerUrl: string;
  /** Milliseconds from spawning `npm start` to the router answering a products query. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Runs the README's `npm start` on its own data folder and ports, and waits for the router. */
/** A throw-away data folder for one benchmark run (PostgreSQL runs as `postgres` under root). */
export async function benchDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "amazoff-bench-"));
  await chmod(dir, 0o755);
  return dir;
}

export async function startPlatform(options: {
  dataDir: string;
  pgPort: number;
  portOffset: number;
  env?: Record<string, string>;
}): Promise<Platform> {
  const routerUrl = `http://127.0.0.1:${4000 + options.portOffset}/graphql`;
  const started = performance.now();
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      AMAZOFF_DATA_DIR: options.dataDir,
      AMAZOFF_PG_PORT: String(options.pgPort),
      AMAZOFF_PORT_OFFSET: String(options.portOffset),
      LOG_LEVEL: "warn",
      ...options.env,
    },
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`npm start exited:\n${output}`);
    try {
      const response = await fetch(routerUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ products(first: 5) { totalCount } }" }),
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok && !(await response.text()).includes('"errors"')) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    routerUrl,
    readyMs,
    async stop() {
      process.kill(-child.pid!, "SIGINT");
      await exited;
    },
  };
}

/** Resident memory (KiB) of the descendant of `pid` whose working directory is `cwd`. */
export function residentKiB(pid: number, cwd: string): number {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop()!;
    for (const child of byParent.get(current) ?? []) {
      try {
        const cmd = readFileSync(`/proc/${child}/cmdline`, "utf8");
        if (readlinkSync(`/proc/${child}/cwd`) === cwd && cmd.includes("src/index.ts") && !cmd.includes("esbuild")) {
          const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, "utf8"));
          if (rss) return Number(rss[1]);
        }
      } catch {
        // gone
      }
      stack.push(child);
    }
  }
  throw new Error(`no process under ${pid} runs in ${cwd}`);
}
