import { internalClient, type InternalClient, type Money } from "@amazoff/kit";
import type { OrdersEnv } from "../env.ts";

/*
 * The checkout saga's view of its peers: their internal endpoints (see each subgraph's
 * `*.internal.ts`), with the answers the saga acts on. 4xx answers are results; 5xx, network
 * errors and timeouts throw (InternalCallError / AbortError), and the saga compensates or leaves
 * the step to recovery.
 */

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface ProductSnapshot {
  productId: string;
  sku: string;
  name: string;
  price: Money;
}

export interface Address {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
}

export type ReserveResult =
  | { status: "ACTIVE"; expiresAt: string }
  | { status: "OUT_OF_STOCK"; items: { productId: string; requested: number; available: number }[] }
  | { status: "RELEASED" | "EXPIRED" | "COMMITTED" | "RESTOCKED" };

export type AuthorizeResult =
  | { status: "AUTHORIZED"; paymentId: string }
  | { status: "DECLINED"; reason: string }
  | { status: "TIMEOUT" };

export interface CardDetails {
  type: "card";
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface Peers {
  /** `clear` removes the checked-out lines only (items added meanwhile stay), once per order. */
  cart: { items(userId: string): Promise<CartLine[]>; clear(userId: string, orderId: string, items: CartLine[]): Promise<void> };
  catalog: { snapshot(productIds: string[]): Promise<ProductSnapshot[]> };
  users: { address(userId: string, addressId: string): Promise<Address | null> };
  inventory: {
    reserve(reservationId: string, userId: string, items: CartLine[], ttlSeconds: number): Promise<ReserveResult>;
    commit(reservationId: string): Promise<{ status: string }>;
    release(reservationId: string): Promise<{ status: string }>;
    restock(reservationId: string): Promise<{ status: string }>;
  };
  payments: {
    authorize(input: { idempotencyKey: string; orderRef: string; userId: string; amount: Money; paymentMethod: CardDetails }): Promise<AuthorizeResult>;
    capture(paymentId: string): Promise<{ status: string }>;
    voidByKey(idempotencyKey: string): Promise<{ status: string }>;
    refund(paymentId: string, idempotencyKey: string): Promise<{ status: string }>;
  };
}

function expect(status: number, allowed: number[], path: string, body: unknown): void {
  if (!allowed.includes(status)) throw new Error(`${path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
}

async function call<O>(client: InternalClient, path: string, body: unknown, allowed: number[], timeoutMs: number): Promise<{ status: number; body: O }> {
  const result = await client.post<O>(path, body, { timeoutMs });
  expect(result.status, allowed, path, result.body);
  return result;
}

export function createPeers(env: OrdersEnv): Peers {
  const secret = env.INTERNAL_API_SECRET;
  const timeout = env.PEER_TIMEOUT_MS;
  const cart = internalClient(env.CART_INTERNAL_URL, secret, timeout);
  const catalog = internalClient(env.CATALOG_INTERNAL_URL, secret, timeout);
  const users = internalClient(env.USERS_INTERNAL_URL, secret, timeout);
  const inventory = internalClient(env.INVENTORY_INTERNAL_URL, secret, timeout);
  const payments = internalClient(env.PAYMENTS_INTERNAL_URL, secret, timeout);
  return {
    cart: {
      async items(userId) {
        return (await call<{ items: CartLine[] }>(cart, "/internal/carts/get", { userId }, [200], timeout)).body.items;
      },
      async clear(userId, orderId, items) {
        await call(cart, "/internal/carts/clear", { userId, orderId, items }, [200], timeout);
      },
    },
    catalog: {
      async snapshot(productIds) {
        return (await call<{ items: ProductSnapshot[] }>(catalog, "/internal/products/snapshot", { productIds }, [200], timeout)).body.items;
      },
    },
    users: {
      async address(userId, addressId) {
        const result = await call<{ address: Address }>(users, "/internal/addresses/get", { userId, addressId }, [200, 404], timeout);
        return result.status === 200 ? result.body.address : null;
      },
    },
    inventory: {
      async reserve(reservationId, userId, items, ttlSeconds) {
        return (await call<ReserveResult>(inventory, "/internal/reservations/reserve", { reservationId, userId, items, ttlSeconds }, [200, 409], timeout)).body;
      },
      async commit(reservationId) {
        return (await call<{ status: string }>(inventory, "/internal/reservations/commit", { reservationId }, [200, 409], timeout)).body;
      },
      async release(reservationId) {
        return (await call<{ status: string }>(inventory, "/internal/reservations/release", { reservationId }, [200, 409], timeout)).body;
      },
      async restock(reservationId) {
        return (await call<{ status: string }>(inventory, "/internal/reservations/restock", { reservationId }, [200, 409], timeout)).body;
      },
    },
    payments: {
      async authorize(input) {
        // A provider timeout is an answer (504), not a failure of the call.
        const result = await payments.post<AuthorizeResult>("/internal/payments/authorize", input, { timeoutMs: timeout * 2 }).catch((error: unknown) => {
          if ((error as { status?: number }).status === 504) return { status: 504, body: { status: "TIMEOUT" } as AuthorizeResult };
          throw error;
        });
        expect(result.status, [200, 402, 504], "/internal/payments/authorize", result.body);
        return result.body;
      },
      async capture(paymentId) {
        return (await call<{ status: string }>(payments, "/internal/payments/capture", { paymentId }, [200, 409], timeout)).body;
      },
      async voidByKey(idempotencyKey) {
        return (await call<{ status: string }>(payments, "/internal/payments/void", { idempotencyKey }, [200, 409], timeout)).body;
      },
      async refund(paymentId, idempotencyKey) {
        return (await call<{ status: string }>(payments, "/internal/payments/refund", { paymentId, idempotencyKey }, [200, 409], timeout)).body;
      },
    },
  };
}
