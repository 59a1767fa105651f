import {
  cartApi,
  catalogApi,
  inventoryApi,
  paymentsApi,
  usersApi,
  type Address,
  type CardDetails,
  type CartLine,
  type Money,
  type ProductSnapshot,
  type Shortage,
} from "@amazoff/contracts";
import { InternalCallError, internalClient, type EndpointAnswer, type InternalClient, type InternalEndpoint } from "@amazoff/kit";
import type { OrdersEnv } from "../env.ts";

export type { Address, CardDetails, CartLine, ProductSnapshot };

/*
 * The orders subgraph's view of its peers: their internal endpoints (@amazoff/contracts), with
 * the answers the saga and the order life cycle act on. Expected refusals are results; a status
 * the contract does not list, a body it does not allow, a network error or a timeout throws, and
 * the caller compensates or leaves the step to recovery.
 */

/** Who a peer call is made for: its request id reaches the peer's logs. */
export interface CallContext {
  requestId: string;
}

export type ReserveResult =
  | { status: "HELD" }
  | { status: "OUT_OF_STOCK"; items: Shortage[] }
  /** The reservation is closed (released, expired, restocked): it can no longer hold. */
  | { status: "CLOSED"; reservation: inventoryApi.ReservationStatus };

export type AuthorizeResult = { status: "AUTHORIZED"; paymentId: string } | { status: "DECLINED"; reason: string };

/** A reservation's or payment's move: done, or refused with the status that prevents it. */
export type MoveResult<S extends string> = { done: true; status: S } | { done: false; status: S | null; error?: string };

export interface Peers {
  cart: {
    items(ctx: CallContext, userId: string): Promise<CartLine[]>;
    /** Removes the checked-out lines only (items added meanwhile stay), once per order. */
    clear(ctx: CallContext, userId: string, orderId: string, items: CartLine[]): Promise<void>;
  };
  catalog: { snapshot(ctx: CallContext, productIds: string[]): Promise<ProductSnapshot[]> };
  users: { address(ctx: CallContext, userId: string, addressId: string): Promise<Address | null> };
  inventory: {
    reserve(
      ctx: CallContext,
      input: { reservationId: string; userId: string; items: CartLine[]; ttlSeconds: number },
    ): Promise<ReserveResult>;
    commit(ctx: CallContext, reservationId: string): Promise<MoveResult<inventoryApi.ReservationStatus>>;
    release(ctx: CallContext, reservationId: string): Promise<MoveResult<inventoryApi.ReservationStatus>>;
    restock(ctx: CallContext, reservationId: string): Promise<MoveResult<inventoryApi.ReservationStatus>>;
    availability(ctx: CallContext, productIds: string[]): Promise<{ productId: string; available: number }[]>;
  };
  payments: {
    authorize(
      ctx: CallContext,
      input: { idempotencyKey: string; orderRef: string; userId: string; amount: Money; paymentMethod: CardDetails },
    ): Promise<AuthorizeResult>;
    capture(ctx: CallContext, paymentId: string): Promise<MoveResult<paymentsApi.PaymentStatus>>;
    voidByKey(ctx: CallContext, idempotencyKey: string): Promise<MoveResult<paymentsApi.PaymentStatus>>;
    refund(ctx: CallContext, paymentId: string, idempotencyKey: string): Promise<MoveResult<paymentsApi.PaymentStatus>>;
  };
}

/** An answer the saga cannot act on (a 404 for an id it created, a reused key): a bug or lost data. */
function unexpected(endpoint: InternalEndpoint, answer: { status: number; body: unknown }): never {
  throw new InternalCallError(
    answer.status,
    answer.body,
    `${endpoint.path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
  );
}

type SettlementAnswer = EndpointAnswer<typeof paymentsApi.capture>;

/** 200 done; 409 refused with the status (or the error) that prevents it; anything else throws. */
function settlement(endpoint: InternalEndpoint, answer: SettlementAnswer): MoveResult<paymentsApi.PaymentStatus> {
  if (answer.status === 200) return { done: true, status: answer.body.status };
  if (answer.status === 409 && !("message" in answer.body))
    return { done: false, status: answer.body.status, ...(answer.body.error ? { error: answer.body.error } : {}) };
  return unexpected(endpoint, answer);
}

function transition(
  endpoint: InternalEndpoint,
  answer: EndpointAnswer<typeof inventoryApi.commit>,
): MoveResult<inventoryApi.ReservationStatus> {
  if (answer.status === 404) return unexpected(endpoint, answer);
  return { done: answer.status === 200, status: answer.body.status };
}

export function createPeers(env: OrdersEnv): Peers {
  const secret = env.INTERNAL_API_SECRET;
  const timeoutMs = env.PEER_TIMEOUT_MS;
  const client = (url: string): InternalClient => internalClient(url, secret, timeoutMs);
  const cart = client(env.CART_INTERNAL_URL);
  const catalog = client(env.CATALOG_INTERNAL_URL);
  const users = client(env.USERS_INTERNAL_URL);
  const inventory = client(env.INVENTORY_INTERNAL_URL);
  const payments = client(env.PAYMENTS_INTERNAL_URL);
  return {
    cart: {
      async items(ctx, userId) {
        return (await cart.call(cartApi.cartContents, { userId }, ctx)).body.items;
      },
      async clear(ctx, userId, orderId, items) {
        const answer = await cart.call(cartApi.clearCheckedOut, { userId, orderId, items }, ctx);
        if (answer.status !== 200) unexpected(cartApi.clearCheckedOut, answer);
      },
    },
    catalog: {
      async snapshot(ctx, productIds) {
        return (await catalog.call(catalogApi.productSnapshots, { productIds }, ctx)).body.items;
      },
    },
    users: {
      async address(ctx, userId, addressId) {
        const answer = await users.call(usersApi.shippingAddress, { userId, addressId }, ctx);
        return answer.status === 200 ? answer.body.address : null;
      },
    },
    inventory: {
      async reserve(ctx, input) {
        const answer = await inventory.call(inventoryApi.reserve, input, ctx);
        if (answer.status === 200) return { status: "HELD" };
        const body = answer.body;
        if ("items" in body) return { status: "OUT_OF_STOCK", items: body.items };
        if ("error" in body) return unexpected(inventoryApi.reserve, answer);
        return { status: "CLOSED", reservation: body.status };
      },
      commit: async (ctx, reservationId) =>
        transition(inventoryApi.commit, await inventory.call(inventoryApi.commit, { reservationId }, ctx)),
      release: async (ctx, reservationId) =>
        transition(inventoryApi.release, await inventory.call(inventoryApi.release, { reservationId }, ctx)),
      restock: async (ctx, reservationId) =>
        transition(inventoryApi.restock, await inventory.call(inventoryApi.restock, { reservationId }, ctx)),
      async availability(ctx, productIds) {
        return (await inventory.call(inventoryApi.availability, { productIds }, ctx)).body.items;
      },
    },
    payments: {
      async authorize(ctx, input) {
        // The provider may take longer than a peer call; its own timeout answers 504 first.
        const answer = await payments.call(paymentsApi.authorize, input, { ...ctx, timeoutMs: timeoutMs * 2 });
        switch (answer.status) {
          case 200:
            return { status: "AUTHORIZED", paymentId: answer.body.paymentId };
          case 402:
            return { status: "DECLINED", reason: answer.body.reason };
          case 504:
            return { status: "DECLINED", reason: "provider_timeout" };
          case 409:
            // A void-by-key tombstone: this checkout was given up (by recovery) while we stalled.
            if ("status" in answer.body && answer.body.status === "VOIDED") return { status: "DECLINED", reason: "voided" };
            return unexpected(paymentsApi.authorize, answer);
          default:
            return unexpected(paymentsApi.authorize, answer);
        }
      },
      capture: async (ctx, paymentId) => settlement(paymentsApi.capture, await payments.call(paymentsApi.capture, { paymentId }, ctx)),
      voidByKey: async (ctx, idempotencyKey) =>
        settlement(paymentsApi.voidPayment, await payments.call(paymentsApi.voidPayment, { idempotencyKey }, ctx)),
      refund: async (ctx, paymentId, idempotencyKey) =>
        settlement(paymentsApi.refund, await payments.call(paymentsApi.refund, { paymentId, idempotencyKey }, ctx)),
    },
  };
}
