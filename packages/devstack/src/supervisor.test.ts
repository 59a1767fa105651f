import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeExit, Supervisor, type ExitStatus, type RunningService, type ServiceSpec } from "./supervisor.ts";

/** A service whose processes the test ends at will (a crash) and that record their stop order. */
class FakeService implements ServiceSpec {
  readonly processes: FakeProcess[] = [];
  notReady = false;
  constructor(
    readonly name: string,
    private readonly stops: string[],
  ) {}
  launch(): RunningService {
    const process = new FakeProcess(this.name, 1000 + this.processes.length, this.stops);
    this.processes.push(process);
    return process;
  }
  async ready(running: RunningService): Promise<void> {
    if (this.notReady) {
      await running.exited;
      throw new Error(`${this.name} exited during start-up`);
    }
  }
  get current(): FakeProcess {
    return this.processes.at(-1)!;
  }
}

class FakeProcess implements RunningService {
  readonly exited: Promise<ExitStatus>;
  private end!: (status: ExitStatus) => void;
  alive = true;
  constructor(
    private readonly name: string,
    readonly pid: number,
    private readonly stops: string[],
  ) {
    this.exited = new Promise((resolve) => (this.end = resolve));
  }
  crash(status: ExitStatus): void {
    this.alive = false;
    this.end(status);
  }
  async stop(): Promise<void> {
    this.stops.push(this.name);
    this.crash(0);
  }
}

let lines: string[];
let stops: string[];
let supervisor: Supervisor;
const service = (name: string) => new FakeService(name, stops);
/** Lets the exit handlers (promise callbacks) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
  stops = [];
  supervisor = new Supervisor({
    log: (line) => lines.push(line),
    policy: { initialDelayMs: 500, maxDelayMs: 4_000, maxCrashes: 5, windowMs: 60_000 },
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Supervisor", () => {
  it("restarts a crashed service with exponential backoff and logs each restart, leaving the others alone", async () => {
    const inventory = service("inventory");
    const catalog = service("catalog");
    await supervisor.start(inventory);
    await supervisor.start(catalog);
    supervisor.supervise();

    inventory.current.crash("SIGKILL");
    await settle();
    expect(lines).toEqual(["inventory exited unexpectedly (signal SIGKILL); restart attempt 1 in 0.5 s"]);
    expect(inventory.processes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(inventory.processes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(inventory.processes).toHaveLength(2);
    expect(lines.slice(1)).toEqual(["inventory restarted (attempt 1, pid 1001)", "inventory is back"]);

    inventory.current.crash(1);
    await settle();
    expect(lines.at(-1)).toBe("inventory exited unexpectedly (exit code 1); restart attempt 2 in 1.0 s");
    await vi.advanceTimersByTimeAsync(1_000);
    inventory.current.crash(1);
    await settle();
    expect(lines.at(-1)).toBe("inventory exited unexpectedly (exit code 1); restart attempt 3 in 2.0 s");

    expect(catalog.processes).toHaveLength(1);
    expect(catalog.current.alive).toBe(true);
    expect(supervisor.processOf("catalog")).toBe(catalog.current);
  });

  it("caps the delay, and forgets crashes older than the window", async () => {
    const users = service("users");
    const policy = { initialDelayMs: 1_000, maxDelayMs: 3_000, maxCrashes: 10, windowMs: 60_000 };
    supervisor = new Supervisor({ log: (line) => lines.push(line), policy });
    await supervisor.start(users);
    supervisor.supervise();
    for (const expected of ["1.0 s", "2.0 s", "3.0 s", "3.0 s"]) {
      users.current.crash(1);
      await settle();
      expect(lines.at(-1)).toContain(expected);
      await vi.advanceTimersByTimeAsync(3_000);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    users.current.crash(1);
    await settle();
    expect(lines.at(-1)).toBe("users exited unexpectedly (exit code 1); restart attempt 1 in 1.0 s");
  });

  it("gives up on a service in a crash loop, with a clear message, and keeps the others running", async () => {
    const orders = service("orders");
    const cart = service("cart");
    await supervisor.start(orders);
    await supervisor.start(cart);
    supervisor.supervise();
    for (let crash = 1; crash <= 4; crash++) {
      orders.current.crash(1);
      await settle();
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(orders.processes).toHaveLength(5);
    orders.current.crash(1);
    await settle();
    expect(lines.at(-1)).toMatch(/^orders exited unexpectedly \(exit code 1\): 5 crashes within 60\.0 s, a crash loop\./);
    expect(lines.at(-1)).toContain("Giving up on orders; the other services keep running without it.");
    await vi.advanceTimersByTimeAsync(120_000);
    expect(orders.processes).toHaveLength(5);
    expect(supervisor.processOf("orders")).toBeUndefined();
    expect(cart.current.alive).toBe(true);
  });

  it("stops the services last started first, cancelling a pending restart", async () => {
    const catalog = service("catalog");
    const inventory = service("inventory");
    const router = service("router");
    await supervisor.start(catalog);
    await supervisor.start(inventory);
    await supervisor.start(router);
    supervisor.supervise();
    inventory.current.crash("SIGKILL");
    await settle();

    await supervisor.stop();
    expect(stops).toEqual(["router", "catalog"]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(inventory.processes).toHaveLength(1);
    expect(lines).toHaveLength(1);
  });

  it("does not count the exits it causes while stopping as crashes", async () => {
    const catalog = service("catalog");
    await supervisor.start(catalog);
    supervisor.supervise();
    const stopping = supervisor.stop();
    catalog.current.crash("SIGINT"); // Ctrl-C reached the child too
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toEqual([]);
    expect(catalog.processes).toHaveLength(1);
  });

  it("treats an exit during start-up as a start failure, not a crash to restart", async () => {
    const users = service("users");
    users.notReady = true;
    const starting = supervisor.start(users);
    users.current.crash(1);
    await expect(starting).rejects.toThrow("users exited during start-up");

    // A service that was ready, then exited while the others were still starting.
    const other = new Supervisor({ log: (line) => lines.push(line) });
    const catalog = service("catalog");
    await other.start(catalog);
    catalog.current.crash(1);
    await settle();
    expect(() => other.supervise()).toThrow("catalog exited during start-up (exit code 1; see its log above)");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(catalog.processes).toHaveLength(1);
    expect(lines).toEqual([]);
  });
});

describe("describeExit", () => {
  it("names the exit code or the signal", () => {
    expect(describeExit(0)).toBe("exit code 0");
    expect(describeExit("SIGKILL")).toBe("signal SIGKILL");
    expect(describeExit(null)).toBe("unknown exit");
  });
});
