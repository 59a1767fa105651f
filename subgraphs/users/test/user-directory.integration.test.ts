import { randomUUID } from "node:crypto";
import { usersApi } from "@amazoff/contracts";
import { internalClient } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETED_DISPLAY_NAME, deletedEmail } from "../src/users/user.model.ts";
import { createTestServer, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const call = <E extends (typeof usersApi)["contacts"] | (typeof usersApi)["staffMembers"]>(endpoint: E, body: unknown) =>
  server.internal.call(endpoint, body as never, { requestId: "directory-test" });

/** An erased account, as the erasure leaves it (anonymised). */
const erase = (userId: string) =>
  server.db.prisma.user.update({
    where: { id: userId },
    data: { deletedAt: new Date(), email: deletedEmail(userId), displayName: DELETED_DISPLAY_NAME, passwordHash: null },
  });

describe("POST /internal/users/contacts", () => {
  it("answers each existing account's email, display name and role, and leaves out erased and unknown ones", async () => {
    const ada = await server.createUser({ displayName: "Ada" });
    const staff = await server.createUser({ role: "EMPLOYEE", displayName: "Sam" });
    const gone = await server.createUser();
    await erase(gone.id);
    const answer = await call(usersApi.contacts, { userIds: [ada.id, staff.id.toUpperCase(), gone.id, randomUUID()] });
    expect(answer.status).toBe(200);
    const users = (answer.body as { users: { userId: string }[] }).users;
    expect(users.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [
        { userId: ada.id, email: ada.email, displayName: "Ada", role: "CUSTOMER" },
        { userId: staff.id, email: staff.email, displayName: "Sam", role: "EMPLOYEE" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
  });

  it("needs the internal secret and a well-formed request", async () => {
    const stranger = internalClient(server.origin, "not-the-secret-at-all");
    expect((await stranger.post(usersApi.contacts.path, { userIds: [randomUUID()] })).status).toBe(401);
    expect((await server.internal.post(usersApi.contacts.path, { userIds: [] })).status).toBe(400);
    expect((await server.internal.post(usersApi.contacts.path, { userIds: ["nope"] })).status).toBe(400);
  });
});

describe("POST /internal/users/staff", () => {
  it("lists every employee and admin that exists, page by page, and no one else", async () => {
    const staff = await Promise.all([
      server.createUser({ role: "EMPLOYEE" }),
      server.createUser({ role: "ADMIN" }),
      server.createUser({ role: "EMPLOYEE" }),
    ]);
    const customer = await server.createUser();
    const partner = await server.createUser({ role: "PARTNER" });
    const departed = await server.createUser({ role: "EMPLOYEE" });
    await erase(departed.id);

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const answer = await call(usersApi.staffMembers, { after, first: 1 });
      const page = answer.body as { userIds: string[]; hasMore: boolean };
      expect(page.userIds.length).toBeLessThanOrEqual(1);
      seen.push(...page.userIds);
      if (!page.hasMore) break;
      after = page.userIds.at(-1);
    }
    for (const member of staff) expect(seen).toContain(member.id);
    for (const other of [customer, partner, departed]) expect(seen).not.toContain(other.id);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
