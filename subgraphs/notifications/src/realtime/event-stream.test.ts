import { describe, expect, it } from "vitest";
import { eventStream } from "./event-stream.ts";

/** A source whose listener the test calls, and which says whether it was stopped. */
function source() {
  const state = { emit: (_value: number) => {}, stopped: false };
  const subscribe = async (listener: (value: number) => void) => {
    state.emit = listener;
    return () => {
      state.stopped = true;
    };
  };
  return Object.assign(state, { subscribe });
}

describe("eventStream", () => {
  it("hands over events in order, including those that came before they were asked for", async () => {
    const s = source();
    const stream = await eventStream(s.subscribe);
    s.emit(1);
    s.emit(2);
    const [first, second] = [await stream.next(), await stream.next()];
    const third = stream.next();
    s.emit(3);
    expect([first, second, await third].map((r) => r.value)).toEqual([1, 2, 3]);
  });

  it("stops listening when the subscriber leaves (return), and ends pending reads", async () => {
    const s = source();
    const stream = await eventStream(s.subscribe);
    const pending = stream.next();
    await stream.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(s.stopped).toBe(true);
  });

  it("drops a subscriber that lets too many events wait, with RATE_LIMITED, instead of buffering without bound", async () => {
    const s = source();
    const stream = await eventStream(s.subscribe, 3);
    for (let i = 0; i < 10; i += 1) s.emit(i);
    expect(s.stopped).toBe(true);
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED" } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
