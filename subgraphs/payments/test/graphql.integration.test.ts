import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, authorizeBody, captured, card, post, TEST_CARDS } from "./support/payments.ts";
import { createTestServer, type PaymentsTestServer } from "./test-server.ts";

let server: PaymentsTestServer;
const buyer = randomUUID();
const orderId = randomUUID();
let paymentId: string;
beforeAll(async () => {
  server = await createTestServer();
  // A declined attempt, then one that went through and was partly refunded.
  await authorize(server, authorizeBody({ orderRef: orderId, userId: buyer, paymentMethod: card(TEST_CARDS.DECLINED) }));
  ({ paymentId } = await captured(server, { orderRef: orderId, userId: buyer, amount: { amount: 12_345, currency: "USD" } }));
  await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 345 });
});
afterAll(() => server?.stop());

const ORDER_PAYMENT = /* GraphQL */ `
  query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Order {
        id
        payment {
          id status cardBrand cardLast4 declineReason createdAt authorizedAt capturedAt voidedAt
          amount { amount currency formatted }
          refundedAmount { amount formatted }
          refunds { id status amount { amount currency formatted } createdAt }
        }
      }
    }
  }
`;
const entities = (orderIds: string[]) => ({ representations: orderIds.map((id) => ({ __typename: "Order", id })) });

describe("Order.payment", () => {
  it("shows the buyer the payment that went through, with money formatted and its refunds", async () => {
    const response = await server.as({ role: "CUSTOMER", userId: buyer })(ORDER_PAYMENT, entities([orderId]));
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0]).toEqual({
      id: orderId,
      payment: {
        id: paymentId,
        status: "PARTIALLY_REFUNDED",
        cardBrand: "visa",
        cardLast4: "4242",
        declineReason: null,
        createdAt: expect.any(String),
        authorizedAt: expect.any(String),
        capturedAt: expect.any(String),
        voidedAt: null,
        amount: { amount: 12_345, currency: "USD", formatted: "$123.45" },
        refundedAmount: { amount: 345, formatted: "$3.45" },
        refunds: [
          {
            id: expect.any(String),
            status: "SUCCEEDED",
            amount: { amount: 345, currency: "USD", formatted: "$3.45" },
            createdAt: expect.any(String),
          },
        ],
      },
    });
  });

  it("shows staff (orders:read:any) any order's payment", async () => {
    const response = await server.as({ role: "EMPLOYEE" })(ORDER_PAYMENT, entities([orderId]));
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].payment.id).toBe(paymentId);
  });

  it("shows another customer no payment, as for an order without one, and refuses an anonymous caller (UNAUTHENTICATED)", async () => {
    const other = await server.as({ role: "CUSTOMER" })(ORDER_PAYMENT, entities([orderId]));
    expect(other.errors).toBeUndefined();
    expect(other.data!._entities[0]).toEqual({ id: orderId, payment: null });
    const anonymous = await server.query(ORDER_PAYMENT, entities([orderId]));
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    expect(anonymous.data!._entities[0]).toEqual({ id: orderId, payment: null });
  });

  it("shows a partner whose key may read only its own orders no payment of someone else's order", async () => {
    const response = await server.as({ role: "PARTNER", scopes: ["orders:read:own"] })(ORDER_PAYMENT, entities([orderId]));
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0]).toEqual({ id: orderId, payment: null });
  });

  it("answers null for an order without payments, and for a declined-only order shows the declined attempt", async () => {
    const declinedOrder = randomUUID();
    await authorize(server, authorizeBody({ orderRef: declinedOrder, userId: buyer, paymentMethod: card(TEST_CARDS.INSUFFICIENT_FUNDS) }));
    const response = await server.as({ role: "CUSTOMER", userId: buyer })(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id payment { status declineReason } } } }`,
      {
        r: [
          { __typename: "Order", id: randomUUID() },
          { __typename: "Order", id: declinedOrder },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities.map((e: { payment: unknown }) => e.payment)).toEqual([
      null,
      { status: "DECLINED", declineReason: "insufficient_funds" },
    ]);
  });

  it("answers null for a malformed order id rather than failing", async () => {
    const response = await server.as({ role: "EMPLOYEE" })(
      `{ _entities(representations: [{ __typename: "Order", id: "o-1" }]) { ... on Order { id } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null]);
  });

  it("exposes the SDL with the Order extension and the authorization directives", async () => {
    const sdl = (await server.query(`{ _service { sdl } }`)).data!._service.sdl as string;
    expect(sdl).toMatch(/type Order\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/payment: Payment @requiresScopes\(scopes: \[\["orders:read:own"\], \["orders:read:any"\]\]\)/);
    expect(sdl).toMatch(/type Money\s+@shareable/);
  });
});

describe("Query.payment", () => {
  const PAYMENT = `query($id: ID!) { payment(id: $id) { id status amount { formatted } } }`;

  it("shows the buyer and staff a payment by id", async () => {
    expect((await server.as({ role: "CUSTOMER", userId: buyer })(PAYMENT, { id: paymentId })).data!.payment).toMatchObject({
      id: paymentId,
    });
    expect((await server.as({ role: "ADMIN" })(PAYMENT, { id: paymentId })).data!.payment).toMatchObject({ id: paymentId });
    expect(errorCodes(await server.query(PAYMENT, { id: paymentId }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("answers someone else's payment exactly as an unknown id: NOT_FOUND, so its existence is not confirmed", async () => {
    const theirs = await server.as({ role: "CUSTOMER" })(PAYMENT, { id: paymentId });
    const unknown = await server.as({ role: "CUSTOMER" })(PAYMENT, { id: randomUUID() });
    expect(errorCodes(theirs)).toEqual(["NOT_FOUND"]);
    const strip = (r: typeof theirs) => ({ data: r.data, errors: r.errors?.map(({ message, extensions }) => ({ message, extensions })) });
    expect(strip(theirs)).toEqual(strip(unknown));
  });

  it("answers NOT_FOUND for an unknown id or a void-by-key tombstone, BAD_USER_INPUT for a malformed one", async () => {
    const key = `checkout-${randomUUID()}`;
    await post(server, "void", { idempotencyKey: key });
    const tombstone = await server.db.prisma.payment.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(errorCodes(await server.as({ role: "ADMIN" })(PAYMENT, { id: randomUUID() }))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await server.as({ role: "ADMIN" })(PAYMENT, { id: tombstone.id }))).toEqual(["NOT_FOUND"]);
    const malformed = await server.as({ role: "ADMIN" })(PAYMENT, { id: "1 OR 1=1" });
    expect(errorCodes(malformed)).toEqual(["BAD_USER_INPUT"]);
    expect(malformed.errors![0]!.extensions!.field).toBe("id");
  });
});
