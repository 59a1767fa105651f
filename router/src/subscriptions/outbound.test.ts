import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOutbound } from "./outbound.ts";

/** A socket whose client reads nothing: every byte sent stays buffered. */
function unreadSocket() {
  return {
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as string[],
    closed: null as { code: number; reason: string } | null,
    terminated: false,
    send(data: string) {
      this.sent.push(data);
      this.bufferedAmount += data.length;
    },
    close(code: number, reason: string) {
      this.closed = { code, reason };
      this.readyState = 2;
    },
    terminate() {
      this.terminated = true;
      this.readyState = 3;
    },
  };
}

describe("createOutbound", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("sends while the backlog stays under the limit", () => {
    const socket = unreadSocket();
    const outbound = createOutbound(socket, { maxBufferedBytes: 100, closeCode: 4413 });
    for (let i = 0; i < 10; i++) outbound.send("x".repeat(10));
    expect(socket.sent).toHaveLength(10);
    expect(outbound.dropped).toBe(false);
  });

  it("drops a client whose backlog passes the limit, then sends it nothing more", () => {
    const socket = unreadSocket();
    const onDrop = vi.fn();
    const outbound = createOutbound(socket, { maxBufferedBytes: 100, closeCode: 4413, onDrop, dropGraceMs: 500 });
    for (let i = 0; i < 20; i++) outbound.send("x".repeat(10));
    expect(socket.sent).toHaveLength(11);
    expect(outbound.dropped).toBe(true);
    expect(onDrop).toHaveBeenCalledWith(110);
    expect(socket.closed).toEqual({ code: 4413, reason: "Slow consumer: messages were not read" });
    expect(socket.terminated).toBe(false);
    vi.advanceTimersByTime(500);
    expect(socket.terminated).toBe(true);
  });

  it("keeps a client that reads", () => {
    const socket = unreadSocket();
    const outbound = createOutbound(socket, { maxBufferedBytes: 100, closeCode: 4413 });
    for (let i = 0; i < 100; i++) {
      outbound.send("x".repeat(60));
      socket.bufferedAmount = 0;
    }
    expect(outbound.dropped).toBe(false);
    expect(socket.sent).toHaveLength(100);
  });
});
