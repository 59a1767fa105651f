import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, TEST_INTERNAL_SECRET, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const PATHS = [
  "/internal/reservations/reserve",
  "/internal/reservations/commit",
  "/internal/reservations/release",
  "/internal/reservations/restock",
  "/internal/availability",
];

async function post(path: string, body: string, authorization?: string) {
  const response = await fetch(`${server.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const valid = () => ({
  reservationId: randomUUID(),
  userId: randomUUID(),
  items: [{ productId: randomUUID(), quantity: 1 }],
  ttlSeconds: 60,
});

describe("internal endpoints", () => {
  it.each(PATHS)("%s refuses a missing or wrong secret with 401, before reading the body", async (path) => {
    for (const authorization of [undefined, "Internal wrong-secret-0123456789", `Bearer ${TEST_INTERNAL_SECRET}`, TEST_INTERNAL_SECRET]) {
      expect(await post(path, JSON.stringify(valid()), authorization)).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "internal endpoint" },
      });
    }
  });

  it.each(PATHS)("%s accepts POST only", async (path) => {
    const response = await fetch(`${server.origin}${path}`, { headers: { authorization: `Internal ${TEST_INTERNAL_SECRET}` } });
    expect(response.status).toBe(405);
  });

  const reserveCases: [string, unknown][] = [
    ["no reservationId", { ...valid(), reservationId: undefined }],
    ["a reservationId that is not a UUID", { ...valid(), reservationId: "r-1" }],
    ["a userId that is not a UUID", { ...valid(), userId: "1; DROP TABLE reservations" }],
    ["no items", { ...valid(), items: [] }],
    ["101 items", { ...valid(), items: Array.from({ length: 101 }, () => ({ productId: randomUUID(), quantity: 1 })) }],
    ["a quantity of 0", { ...valid(), items: [{ productId: randomUUID(), quantity: 0 }] }],
    ["a quantity of 1001", { ...valid(), items: [{ productId: randomUUID(), quantity: 1001 }] }],
    ["a fractional quantity", { ...valid(), items: [{ productId: randomUUID(), quantity: 1.5 }] }],
    ["a quantity given as a string", { ...valid(), items: [{ productId: randomUUID(), quantity: "2" }] }],
    ["a ttl of 29 s", { ...valid(), ttlSeconds: 29 }],
    ["a ttl of 3601 s", { ...valid(), ttlSeconds: 3601 }],
    ["an array body", [valid()]],
  ];
  it.each(reserveCases)("reserve refuses %s with 400 and a message", async (_name, body) => {
    const answer = await post(PATHS[0]!, JSON.stringify(body), `Internal ${TEST_INTERNAL_SECRET}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("bad_request");
    expect(answer.body.message).toEqual(expect.any(String));
  });

  it("refuses a body that is not JSON with 400", async () => {
    expect((await post(PATHS[1]!, "{not json", `Internal ${TEST_INTERNAL_SECRET}`)).status).toBe(400);
  });

  it.each([
    [PATHS[1]!, { reservationId: 42 }],
    [PATHS[2]!, {}],
    [PATHS[3]!, { reservationId: "" }],
    [PATHS[4]!, { productIds: [] }],
    [PATHS[4]!, { productIds: Array.from({ length: 201 }, () => randomUUID()) }],
    [PATHS[4]!, { productIds: ["nope"] }],
  ])("%s refuses %j with 400", async (path, body) => {
    expect((await post(path, JSON.stringify(body), `Internal ${TEST_INTERNAL_SECRET}`)).status).toBe(400);
  });

  it("writes nothing for a refused request", async () => {
    expect(await server.db.prisma.reservation.count()).toBe(0);
  });
});
