import { describe, expect, it, vi } from "vitest";
import { createSubscriptionStream, SubscriptionEnded, type StreamResult } from "./subscription-stream.ts";

const OVERFLOW = [{ message: "too many", extensions: { code: "RATE_LIMITED" } }];

function stream(complete: (n: number) => Promise<StreamResult> = async (n) => ({ data: { n } }), maxPending = 10) {
  const onClose = vi.fn();
  const s = createSubscriptionStream<number>({
    complete,
    failed: () => ({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL" } }] }),
    maxPending,
    overflowErrors: () => OVERFLOW,
    onClose,
  });
  return { s, onClose };
}

async function drain(s: AsyncIterable<StreamResult>) {
  const seen: unknown[] = [];
  try {
    for await (const result of s) seen.push(result.data?.n ?? result.errors);
  } catch (error) {
    seen.push(error instanceof SubscriptionEnded ? `ended: ${error.errors.map((e) => e.extensions?.code).join()}` : error);
  }
  return seen;
}

describe("createSubscriptionStream", () => {
  it("delivers events in the order received, though their completions finish out of order", async () => {
    const { s } = stream((n) => new Promise((resolve) => setTimeout(() => resolve({ data: { n } }), n === 1 ? 30 : 1)));
    s.deliver(1);
    s.deliver(2);
    s.deliver(3);
    s.end();
    expect(await drain(s)).toEqual([1, 2, 3]);
  });

  it("ends with errors after the events already received, and closes the upstream once", async () => {
    const { s, onClose } = stream();
    s.deliver(1);
    s.end([{ message: "gone", extensions: { code: "SUBGRAPH_UNAVAILABLE" } }]);
    s.deliver(2);
    s.end();
    expect(await drain(s)).toEqual([1, "ended: SUBGRAPH_UNAVAILABLE"]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("ends immediately, dropping what is pending, when asked to", async () => {
    const { s } = stream((n) => new Promise((resolve) => setTimeout(() => resolve({ data: { n } }), 20)));
    s.deliver(1);
    s.end([{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }], { immediately: true });
    expect(await drain(s)).toEqual(["ended: UNAUTHENTICATED"]);
  });

  it("ends a subscription whose events pile up faster than they complete", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { s, onClose } = stream(async (n) => {
      await gate;
      return { data: { n } };
    }, 2);
    s.deliver(1);
    s.deliver(2);
    s.deliver(3);
    release();
    expect(await drain(s)).toEqual(["ended: RATE_LIMITED"]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("closes the upstream when the client completes it, and resolves a waiting consumer", async () => {
    const { s, onClose } = stream();
    const next = s.next();
    await s.return(undefined);
    expect(await next).toEqual({ value: undefined, done: true });
    expect(onClose).toHaveBeenCalledTimes(1);
    await s.ended;
    s.deliver(1);
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it("reports an event whose completion threw, and goes on", async () => {
    const { s } = stream(async (n) => {
      if (n === 1) throw new Error("bug");
      return { data: { n } };
    });
    s.deliver(1);
    s.deliver(2);
    s.end();
    expect(await drain(s)).toEqual([[{ message: "Internal server error", extensions: { code: "INTERNAL" } }], 2]);
  });
});
