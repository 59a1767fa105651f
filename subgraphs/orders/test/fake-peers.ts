import { randomUUID } from "node:crypto";
import type { Address, CartLine, Peers, ProductSnapshot } from "../src/peers/peers.ts";

type ReservationStatus = "ACTIVE" | "RELEASED" | "COMMITTED" | "RESTOCKED" | "EXPIRED";
type Reservation = { status: ReservationStatus; items: CartLine[] };
type Payment = { id: string; key: string; status: "AUTHORIZED" | "CAPTURED" | "VOIDED" | "REFUNDED"; amount: number };

/**
 * In-memory peers with the semantics of the real internal endpoints (idempotency, tombstones,
 * all-or-nothing reservations), a log of every call with its request id, switches to make a call
 * fail, and gates to hold a call until the test opens it. The real peers are exercised end to end
 * in e2e/; this isolates the saga's own logic and lets a test fail any step at will.
 */
export function createFakePeers() {
  const calls: string[] = [];
  const requestIds: { call: string; requestId: string }[] = [];
  const fail = new Set<string>();
  const gates = new Map<string, Promise<void>>();
  const carts = new Map<string, CartLine[]>();
  const cleared: { userId: string; orderId: string }[] = [];
  const addresses = new Map<string, Map<string, Address>>();
  const products = new Map<string, ProductSnapshot>();
  const stock = new Map<string, number>();
  const reservations = new Map<string, Reservation>();
  const payments = new Map<string, Payment>();
  const voidedKeys = new Set<string>();
  const refunds: { paymentId: string; key: string }[] = [];

  const step = async (name: string, requestId: string) => {
    calls.push(name);
    requestIds.push({ call: name, requestId });
    await new Promise((r) => setImmediate(r));
    await gates.get(name);
    if (fail.has(name)) throw Object.assign(new Error(`${name} unavailable`), { status: 503 });
  };
  const byKey = (key: string) => [...payments.values()].find((p) => p.key === key);

  const peers: Peers = {
    cart: {
      async items(ctx, userId) {
        await step("cart.items", ctx.requestId);
        return carts.get(userId) ?? [];
      },
      async clear(ctx, userId, orderId, items) {
        await step("cart.clear", ctx.requestId);
        if (cleared.some((c) => c.orderId === orderId)) return;
        cleared.push({ userId, orderId });
        // Only the checked-out units leave the cart; lines added since stay.
        const left = (carts.get(userId) ?? [])
          .map((line) => ({ ...line, quantity: line.quantity - (items.find((i) => i.productId === line.productId)?.quantity ?? 0) }))
          .filter((line) => line.quantity > 0);
        carts.set(userId, left);
      },
    },
    catalog: {
      async snapshot(ctx, ids) {
        await step("catalog.snapshot", ctx.requestId);
        return ids.map((id) => products.get(id)).filter((p): p is ProductSnapshot => Boolean(p));
      },
    },
    users: {
      async address(ctx, userId, addressId) {
        await step("users.address", ctx.requestId);
        return addresses.get(userId)?.get(addressId) ?? null;
      },
    },
    inventory: {
      async reserve(ctx, { reservationId, items }) {
        await step("inventory.reserve", ctx.requestId);
        const existing = reservations.get(reservationId);
        if (existing)
          return existing.status === "ACTIVE" || existing.status === "COMMITTED"
            ? { status: "HELD" }
            : { status: "CLOSED", reservation: existing.status };
        const short = items.filter((i) => (stock.get(i.productId) ?? 0) < i.quantity);
        if (short.length)
          return {
            status: "OUT_OF_STOCK",
            items: short.map((i) => ({ productId: i.productId, requested: i.quantity, available: stock.get(i.productId) ?? 0 })),
          };
        for (const i of items) stock.set(i.productId, stock.get(i.productId)! - i.quantity);
        reservations.set(reservationId, { status: "ACTIVE", items });
        return { status: "HELD" };
      },
      async commit(ctx, id) {
        await step("inventory.commit", ctx.requestId);
        const r = reservations.get(id);
        if (!r) throw Object.assign(new Error("/internal/reservations/commit answered 404"), { status: 404 });
        if (r.status === "ACTIVE") r.status = "COMMITTED";
        return { done: r.status === "COMMITTED", status: r.status };
      },
      async release(ctx, id) {
        await step("inventory.release", ctx.requestId);
        const r = reservations.get(id);
        if (!r) {
          reservations.set(id, { status: "RELEASED", items: [] }); // tombstone
          return { done: true, status: "RELEASED" };
        }
        if (r.status === "ACTIVE") {
          for (const i of r.items) stock.set(i.productId, stock.get(i.productId)! + i.quantity);
          r.status = "RELEASED";
        }
        if (r.status === "EXPIRED") return { done: true, status: "RELEASED" };
        return { done: r.status === "RELEASED", status: r.status };
      },
      async restock(ctx, id) {
        await step("inventory.restock", ctx.requestId);
        const r = reservations.get(id);
        if (!r) throw Object.assign(new Error("/internal/reservations/restock answered 404"), { status: 404 });
        if (r.status === "COMMITTED") {
          for (const i of r.items) stock.set(i.productId, stock.get(i.productId)! + i.quantity);
          r.status = "RESTOCKED";
        }
        return { done: r.status === "RESTOCKED", status: r.status };
      },
      async availability(ctx, ids) {
        await step("inventory.availability", ctx.requestId);
        return ids.map((productId) => ({ productId, available: stock.get(productId) ?? 0 }));
      },
    },
    payments: {
      async authorize(ctx, input) {
        await step("payments.authorize", ctx.requestId);
        if (voidedKeys.has(input.idempotencyKey)) return { status: "DECLINED", reason: "voided" };
        const existing = byKey(input.idempotencyKey);
        if (existing) return { status: "AUTHORIZED", paymentId: existing.id };
        const number = input.paymentMethod.number;
        if (number.endsWith("0002")) return { status: "DECLINED", reason: "card_declined" };
        if (number.endsWith("9995")) return { status: "DECLINED", reason: "insufficient_funds" };
        if (number.endsWith("0119")) return { status: "DECLINED", reason: "provider_timeout" };
        const payment: Payment = { id: randomUUID(), key: input.idempotencyKey, status: "AUTHORIZED", amount: input.amount.amount };
        payments.set(payment.id, payment);
        return { status: "AUTHORIZED", paymentId: payment.id };
      },
      async capture(ctx, paymentId) {
        await step("payments.capture", ctx.requestId);
        const p = payments.get(paymentId)!;
        if (p.status === "AUTHORIZED") p.status = "CAPTURED";
        return { done: p.status === "CAPTURED", status: p.status };
      },
      async voidByKey(ctx, key) {
        await step("payments.void", ctx.requestId);
        voidedKeys.add(key);
        const p = byKey(key);
        if (p?.status === "AUTHORIZED") p.status = "VOIDED";
        return !p || p.status === "VOIDED" ? { done: true, status: "VOIDED" } : { done: false, status: p.status };
      },
      async refund(ctx, paymentId, key) {
        await step("payments.refund", ctx.requestId);
        const p = payments.get(paymentId)!;
        const earlier = refunds.find((r) => r.key === key);
        if (earlier) return { done: true, status: "REFUNDED" };
        if (p.status === "REFUNDED") return { done: false, status: "REFUNDED", error: "nothing_to_refund" };
        if (p.status !== "CAPTURED") return { done: false, status: p.status, error: "not_captured" };
        refunds.push({ paymentId, key });
        p.status = "REFUNDED";
        return { done: true, status: "REFUNDED" };
      },
    },
  };

  /** The hold of `reservationId` runs out: its units go back on sale. */
  function expire(reservationId: string) {
    const r = reservations.get(reservationId);
    if (r?.status !== "ACTIVE") return;
    for (const i of r.items) stock.set(i.productId, stock.get(i.productId)! + i.quantity);
    r.status = "EXPIRED";
  }

  /** Holds every call of `name` until the returned function is called. */
  function gate(name: string): () => void {
    let open!: () => void;
    gates.set(name, new Promise<void>((resolve) => (open = resolve)));
    return () => {
      gates.delete(name);
      open();
    };
  }

  return {
    peers,
    calls,
    requestIds,
    fail,
    gate,
    expire,
    carts,
    cleared,
    addresses,
    products,
    stock,
    reservations,
    payments,
    voidedKeys,
    refunds,
    byKey,
  };
}

export type FakePeers = ReturnType<typeof createFakePeers>;
