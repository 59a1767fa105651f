import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { close, createHttpServer, listen } from "./http.ts";
import { defineEndpoint, InternalCallError, internalClient, internalRoute } from "./internal.ts";
import { createLogger } from "./logger.ts";

const SECRET = "unit-test-internal-secret-0123";

const echo = defineEndpoint({
  path: "/internal/echo",
  request: z.object({ word: z.string().min(1), mode: z.enum(["ok", "refuse", "slow", "broken"]) }),
  responses: {
    200: z.object({ echoed: z.string() }),
    409: z.object({ error: z.literal("refused"), message: z.string() }),
    504: z.object({ status: z.literal("TIMEOUT") }),
  },
});

const lines: Record<string, unknown>[] = [];
const log = createLogger({
  service: "unit",
  level: "debug",
  destination: new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
});

let received: unknown[] = [];
const server = createHttpServer(
  {
    [echo.path]: internalRoute(echo, {
      secret: SECRET,
      log,
      async handler({ word, mode }, request) {
        received.push(word);
        request.log.info({ word }, "handled");
        if (mode === "refuse") return { status: 409, body: { error: "refused", message: "no" } };
        if (mode === "slow") return { status: 504, body: { status: "TIMEOUT" } };
        // A handler bug the types cannot see (the body comes from elsewhere, e.g. a database row).
        if (mode === "broken") return { status: 200, body: JSON.parse(`{"echoed": 42}`) };
        return { status: 200, body: { echoed: word } };
      },
    }),
    // An older server whose answer no longer matches what the client's contract expects.
    "/internal/old-echo": internalRoute({
      secret: SECRET,
      input: z.object({}).passthrough(),
      log,
      handler: async () => ({ body: { said: "hello" } }),
    }),
  },
  () => {},
);
let client: ReturnType<typeof internalClient>;
beforeAll(async () => {
  const port = await listen(server, 0, "127.0.0.1");
  client = internalClient(`http://127.0.0.1:${port}`, SECRET);
});
afterAll(() => close(server));

describe("internal endpoints defined once", () => {
  it("answers with the status and validated body, and the route's logger carries the caller's request id", async () => {
    const answer = await client.call(echo, { word: "hi", mode: "ok" }, { requestId: "req-123" });
    expect(answer).toEqual({ status: 200, body: { echoed: "hi" } });
    const mine = lines.filter((l) => l.requestId === "req-123");
    expect(mine.map((l) => l.msg)).toEqual(["handled", "internal call"]);
    expect(mine[1]).toMatchObject({ path: "/internal/echo", status: 200 });
  });

  it("returns the expected refusals and the 5xx the contract lists as answers, not errors", async () => {
    expect(await client.call(echo, { word: "hi", mode: "refuse" }, { requestId: "r-1" })).toEqual({
      status: 409,
      body: { error: "refused", message: "no" },
    });
    expect(await client.call(echo, { word: "hi", mode: "slow" }, { requestId: "r-2" })).toEqual({
      status: 504,
      body: { status: "TIMEOUT" },
    });
  });

  it("refuses to send a request that breaks the contract", async () => {
    received = [];
    await expect(client.call(echo, { word: "", mode: "ok" }, { requestId: "r-3" })).rejects.toThrow(/request breaks the contract: word/);
    expect(received).toEqual([]);
  });

  it("never sends an answer that breaks the contract: the server logs it and answers 500, which the client throws", async () => {
    const call = client.call(echo, { word: "hi", mode: "broken" }, { requestId: "r-4" });
    await expect(call).rejects.toBeInstanceOf(InternalCallError);
    await expect(call).rejects.toMatchObject({ status: 500 });
    expect(lines.some((l) => l.requestId === "r-4" && l.msg === "internal answer breaks its contract")).toBe(true);
  });

  it("throws on an answer the client's contract does not allow", async () => {
    const changed = { ...echo, path: "/internal/old-echo" };
    await expect(client.call(changed, { word: "hi", mode: "ok" }, { requestId: "r-5" })).rejects.toThrow(
      /body the contract does not allow: echoed/,
    );
  });

  it("refuses a caller without the secret, whatever the body", async () => {
    const stranger = internalClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "not-the-secret-at-all");
    await expect(stranger.call(echo, { word: "hi", mode: "ok" }, { requestId: "r-6" })).rejects.toMatchObject({ status: 401 });
  });
});
