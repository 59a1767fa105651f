import { errorCodes } from "@amazoff/kit/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "../../subgraphs/users/src/seed/demo-accounts.ts";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { newShopper, signIn } from "./shoppers.ts";

/*
 * Comments through the router: threads mixed into the catalog's products and the users' names,
 * partners posting with an API key, moderation, and the GDPR export and erasure across subgraphs.
 */
let platform: Platform;
let productId: string;
beforeAll(async () => {
  platform = await startPlatform({ products: 10 });
  productId = (await platform.query(`{ products(first: 1) { edges { node { id } } } }`)).data!.products.edges[0].node.id;
}, 180_000);
afterAll(() => platform?.stop());

const ADD = `mutation($s: String!, $b: String!, $r: ID) { addComment(sectionId: $s, body: $b, replyTo: $r) { id author { id displayName } } }`;

describe("comments through the router", () => {
  it("mixes a product, its availability, its comment thread and the authors' names in one query", async () => {
    const shopper = await newShopper(platform, "10.40.0.1");
    const first = await shopper.client(ADD, { s: `product:${productId}`, b: "Does it come with a case?" });
    expect(first.errors).toBeUndefined();
    expect(first.data!.addComment.author).toEqual({ id: shopper.userId, displayName: "Shopper" });
    const staff = await signIn(platform, "EMPLOYEE");
    expect((await staff(ADD, { s: `product:${productId}`, b: "Yes, a soft case.", r: first.data!.addComment.id })).errors).toBeUndefined();

    const page = await platform.query(
      `query($id: ID!) { product(id: $id) { name availability { status }
         comments(first: 10) { totalCount edges { node { body author { displayName } replyTo { body } } } } } }`,
      { id: productId },
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.product.name).toEqual(expect.any(String));
    expect(page.data!.product.availability.status).toEqual(expect.any(String));
    expect(
      page.data!.product.comments.edges.map((e: any) => [e.node.body, e.node.author.displayName, e.node.replyTo?.body ?? null]),
    ).toEqual([
      ["Yes, a soft case.", "Emery Employee", "Does it come with a case?"],
      ["Does it come with a case?", "Shopper", null],
    ]);
    // The same thread from the root field, anonymously.
    const thread = await platform.query(`query($s: String!) { comments(sectionId: $s) { totalCount edges { node { body } } } }`, {
      s: `product:${productId}`,
    });
    expect(thread.data!.comments.totalCount).toBe(2);
  });

  it("refuses a product that does not exist, anonymous posting, and a customer reading staff-only fields", async () => {
    const customer = await signIn(platform, "CUSTOMER");
    const missing = await customer(ADD, { s: "product:00000000-0000-4000-8000-000000000000", b: "?" });
    expect(errorCodes(missing)).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await platform.query(ADD, { s: "page:faq", b: "anonymous" }))).toEqual(["UNAUTHENTICATED"]);
    const posted = await customer(ADD, { s: "page:faq", b: "Where is the FAQ?" });
    const reason = await customer(`{ comments(sectionId: "page:faq") { edges { node { body deletionReason } } } }`);
    expect(errorCodes(reason)).toEqual(["FORBIDDEN"]);
    // Staff remove it with a reason, which staff can read.
    const staff = await signIn(platform, "ADMIN");
    const removed = await staff(
      `mutation($id: ID!) { deleteComment(id: $id, reason: "Off topic") { body deleted deletedBy deletionReason } }`,
      {
        id: posted.data!.addComment.id,
      },
    );
    expect(removed.data!.deleteComment).toEqual({ body: "", deleted: true, deletedBy: "STAFF", deletionReason: "Off topic" });
  });
});

describe("partners' API keys", () => {
  it("post as the partner with a key granted comments:write; a key without it is refused", async () => {
    const admin = await signIn(platform, "ADMIN");
    const partner = demoAccounts().find((a) => a.role === "PARTNER")!;
    const createKey = async (scopes: string[]) => {
      const created = await admin(
        `mutation($p: ID!, $s: [String!]!) { createApiKey(partnerId: $p, name: "comments e2e", scopes: $s) { secret } }`,
        { p: partner.id, s: scopes },
      );
      expect(created.errors).toBeUndefined();
      return platform.as({ "x-api-key": created.data!.createApiKey.secret as string });
    };
    const writer = await createKey(["comments:write"]);
    const posted = await writer(ADD, { s: `product:${productId}`, b: "Now shipping this to Norway." });
    expect(posted.errors).toBeUndefined();
    expect(posted.data!.addComment.author).toEqual({ id: partner.id, displayName: partner.displayName });
    const edited = await writer(
      `mutation($id: ID!) { editComment(id: $id, body: "Now shipping this to Norway and Sweden.") { body editedAt } }`,
      {
        id: posted.data!.addComment.id,
      },
    );
    expect(edited.data!.editComment.body).toBe("Now shipping this to Norway and Sweden.");

    const reader = await createKey(["catalog:read"]);
    expect(errorCodes(await reader(ADD, { s: `product:${productId}`, b: "Not allowed" }))).toEqual(["FORBIDDEN"]);
  });
});

describe("GDPR", () => {
  it("exports the person's comments, and anonymises them after an erasure (the text stays)", async () => {
    const shopper = await newShopper(platform, "10.40.1.1");
    const posted = await shopper.client(ADD, { s: "page:gdpr-e2e", b: "Remember me?" });
    const exported = await shopper.client(`{ exportMyData { userId comments } }`);
    expect(exported.errors).toBeUndefined();
    expect(exported.data!.exportMyData.comments).toEqual([
      expect.objectContaining({ id: posted.data!.addComment.id, body: "Remember me?" }),
    ]);

    expect((await shopper.client(`mutation { deleteMyAccount(password: "Correct-Horse-2026") }`)).data).toEqual({ deleteMyAccount: true });
    const comments = new pg.Pool({ connectionString: platform.databases.comments.url, max: 1 });
    try {
      await eventually(async () => {
        const { rows } = await comments.query("SELECT author_id FROM comments WHERE id = $1", [posted.data!.addComment.id]);
        if (rows[0].author_id !== null) throw new Error("not anonymised yet");
      }, 30_000);
    } finally {
      await comments.end();
    }
    const thread = await platform.query(`{ comments(sectionId: "page:gdpr-e2e") { edges { node { body author { id } } } } }`);
    expect(thread.data!.comments.edges).toEqual([{ node: { body: "Remember me?", author: null } }]);
  });
});
