import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { close, createHttpServer, listen } from "./http.ts";
import { callEndpoint, defineEndpoint, InternalCallError, internalClient, internalRoute } from "./internal.ts";
import { capturingLogger } from "./testing/logs.ts";

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

const oldEcho = defineEndpoint({
  path: "/internal/old-echo",
  request: z.object({}).passthrough(),
  responses: { 200: z.object({ said: z.string() }) },
});

/** An endpoint with its own body limit and headers: those of every answer, and one answer's own. */
const limited = defineEndpoint({
  path: "/internal/limited",
  request: z.object({ note: z.string() }),
  responses: { 200: z.object({ forwardedFor: z.string() }), 429: z.object({ retryAfterSeconds: z.int() }) },
});

const { logger: log, lines } = capturingLogger("unit");

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
    [oldEcho.path]: internalRoute(oldEcho, {
      secret: SECRET,
      log,
      handler: async () => ({ status: 200, body: { said: "hello" } }),
    }),
    [limited.path]: internalRoute(limited, {
      secret: SECRET,
      log,
      maxBodyBytes: 64,
      headers: { "cache-control": "no-store" },
      async handler({ note }, request) {
        if (note === "wait") return { status: 429, body: { retryAfterSeconds: 3 }, headers: { "retry-after": "3" } };
        return { status: 200, body: { forwardedFor: String(request.headers["x-forwarded-for"] ?? "") } };
      },
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

  it("refuses a body not declared as JSON (415) and another method (405, with Allow)", async () => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const text = await fetch(`${origin}${echo.path}`, {
      method: "POST",
      headers: { authorization: `Internal ${SECRET}`, "content-type": "text/plain" },
      body: JSON.stringify({ word: "hi", mode: "ok" }),
    });
    expect(text.status).toBe(415);
    const get = await fetch(`${origin}${echo.path}`, { headers: { authorization: `Internal ${SECRET}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

describe("an endpoint's own limits and headers", () => {
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}${limited.path}`;

  it("calls a whole URL with more headers, and sends the route's headers with every answer", async () => {
    const response = await fetch(url(), {
      method: "POST",
      headers: { authorization: `Internal ${SECRET}`, "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
      body: JSON.stringify({ note: "hi" }),
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ forwardedFor: "203.0.113.9" });
    const answer = await callEndpoint(url(), limited, { note: "hi" }, { secret: SECRET, headers: { "x-forwarded-for": "198.51.100.4" } });
    expect(answer).toEqual({ status: 200, body: { forwardedFor: "198.51.100.4" } });
    const refused = await fetch(url(), { method: "POST", body: "{}" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("sends the headers of one answer (Retry-After)", async () => {
    const response = await fetch(url(), {
      method: "POST",
      headers: { authorization: `Internal ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ note: "wait" }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({ retryAfterSeconds: 3 });
  });

  it("refuses a body past its limit with 413", async () => {
    await expect(callEndpoint(url(), limited, { note: "x".repeat(100) }, { secret: SECRET })).rejects.toMatchObject({ status: 413 });
  });
});
