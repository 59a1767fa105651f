import { describe, expect, it } from "vitest";
import { address, cartApi, catalogApi, eventsApi, inventoryApi, ordersApi, paymentsApi, usersApi } from "./index.ts";

const endpoints = [cartApi, catalogApi, eventsApi, inventoryApi, ordersApi, paymentsApi, usersApi].flatMap((api) =>
  Object.values(api).filter(
    (value): value is { path: string } => typeof value === "object" && value !== null && "path" in value && "request" in value,
  ),
);

describe("internal contracts", () => {
  it("give every endpoint its own path under /internal/", () => {
    const paths = endpoints.map((e) => e.path);
    expect(paths.length).toBeGreaterThanOrEqual(19);
    expect(paths).toEqual(expect.arrayContaining(["/internal/revocations", "/internal/api-keys/exchange"]));
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/internal\/[a-z/-]+$/);
  });

  it("compare ids in lower case, whoever sends them", () => {
    const parsed = inventoryApi.commit.request.parse({ reservationId: "0B8D1E6A-1111-4111-8111-000000000001" });
    expect(parsed.reservationId).toBe("0b8d1e6a-1111-4111-8111-000000000001");
  });

  it("describe an address once, as an order keeps it", () => {
    const ada = { fullName: "Ada", line1: "1 St", line2: null, city: "London", postalCode: "N1", region: null, country: "GB" };
    expect(address.parse(ada)).toEqual(ada);
    expect(address.safeParse({ ...ada, country: "gb" }).success).toBe(false);
    expect(address.safeParse({ ...ada, line2: undefined }).success).toBe(false);
  });
});
