import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHeartbeat } from "./heartbeat.ts";

class FakeSocket extends EventEmitter {
  pings = 0;
  terminated = false;
  answers = true;
  ping() {
    this.pings++;
    if (this.answers) queueMicrotask(() => this.emit("pong"));
  }
  terminate() {
    this.terminated = true;
  }
}

describe("createHeartbeat", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("pings every socket each interval and keeps those that answer", async () => {
    const heartbeat = createHeartbeat({ intervalMs: 1_000 });
    const socket = new FakeSocket();
    heartbeat.track(socket);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(socket.pings).toBe(5);
    expect(socket.terminated).toBe(false);
    heartbeat.stop();
  });

  it("terminates a socket that missed a pong, and only that one", async () => {
    const onDead = vi.fn();
    const heartbeat = createHeartbeat({ intervalMs: 1_000, onDead });
    const silent = new FakeSocket();
    silent.answers = false;
    const alive = new FakeSocket();
    heartbeat.track(silent);
    heartbeat.track(alive);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(silent.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(silent.terminated).toBe(true);
    expect(onDead).toHaveBeenCalledWith(silent);
    expect(alive.terminated).toBe(false);
    heartbeat.stop();
  });

  it("forgets a socket once untracked, and does nothing when turned off", async () => {
    const heartbeat = createHeartbeat({ intervalMs: 1_000 });
    const socket = new FakeSocket();
    heartbeat.track(socket);
    heartbeat.untrack(socket);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(socket.pings).toBe(0);
    heartbeat.stop();

    const off = createHeartbeat({ intervalMs: 0 });
    off.track(socket);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(socket.pings).toBe(0);
  });
});
