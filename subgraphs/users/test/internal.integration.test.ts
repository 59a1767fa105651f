import { randomUUID } from "node:crypto";
import { internalClient } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let owner: SignedIn;
let other: SignedIn;
let ownerAddressId: string;
let otherAddressId: string;
beforeAll(async () => {
  server = await createTestServer();
  [owner, other] = await Promise.all([server.signIn(), server.signIn()]);
  ownerAddressId = await addAddress(owner, {
    fullName: "Ada Owner",
    line1: "1 Main St",
    city: "Springfield",
    postalCode: "12345",
    country: "us",
  });
  otherAddressId = await addAddress(other, {
    fullName: "Bo Other",
    line1: "2 Side St",
    line2: "Flat 3",
    city: "Lyon",
    region: "ARA",
    postalCode: "69001",
    country: "FR",
    phone: "+33 4 00 00 00 00",
  });
});
afterAll(() => server?.stop());

async function addAddress(user: SignedIn, input: Record<string, string>): Promise<string> {
  const response = await user.query(`mutation($input: AddressInput!) { createAddress(input: $input) { id } }`, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.createAddress.id as string;
}

const PATH = "/internal/addresses/get";
const get = (body: unknown) => server.internal.post<Record<string, unknown>>(PATH, body);

describe("POST /internal/addresses/get: access", () => {
  it("refuses callers without the internal secret (401) and other methods (405)", async () => {
    const body = { userId: owner.id, addressId: ownerAddressId };
    expect((await internalClient(server.origin, "not-the-secret-at-all").post(PATH, body)).status).toBe(401);
    const noHeader = await fetch(`${server.origin}${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(noHeader.status).toBe(401);
    // A user's access token is not the internal secret.
    const bearer = await fetch(`${server.origin}${PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.accessToken}` },
      body: JSON.stringify(body),
    });
    expect(bearer.status).toBe(401);
    expect((await fetch(`${server.origin}${PATH}`)).status).toBe(405);
  });

  it.each([
    [{}],
    [{ userId: randomUUID() }],
    [{ addressId: randomUUID() }],
    [{ userId: "not-a-uuid", addressId: randomUUID() }],
    [{ userId: randomUUID(), addressId: "1; DROP TABLE addresses" }],
    [{ userId: 42, addressId: randomUUID() }],
  ])("rejects %j with 400", async (body) => {
    const response = await get(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("bad_request");
  });
});

describe("POST /internal/addresses/get", () => {
  it("returns the owner's address with exactly the shipping fields", async () => {
    expect(await get({ userId: owner.id, addressId: ownerAddressId })).toEqual({
      status: 200,
      body: {
        address: {
          fullName: "Ada Owner",
          line1: "1 Main St",
          line2: null,
          city: "Springfield",
          postalCode: "12345",
          region: null,
          country: "US",
        },
      },
    });
    const response = await get({ userId: other.id.toUpperCase(), addressId: otherAddressId.toUpperCase() });
    expect(response).toEqual({
      status: 200,
      body: {
        address: {
          fullName: "Bo Other",
          line1: "2 Side St",
          line2: "Flat 3",
          city: "Lyon",
          postalCode: "69001",
          region: "ARA",
          country: "FR",
        },
      },
    });
  });

  it("answers 404 for another user's address, and for unknown users or addresses", async () => {
    for (const body of [
      { userId: owner.id, addressId: otherAddressId },
      { userId: other.id, addressId: ownerAddressId },
      { userId: randomUUID(), addressId: ownerAddressId },
      { userId: owner.id, addressId: randomUUID() },
    ]) {
      const response = await get(body);
      expect(response.status, JSON.stringify(body)).toBe(404);
      expect(response.body.error).toBe("not_found");
      expect(JSON.stringify(response.body)).not.toMatch(/Main St|Side St/);
    }
  });
});
