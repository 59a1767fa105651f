import { randomUUID } from "node:crypto";
import type { Address, AuthorizeResult, CartLine, Peers, ProductSnapshot, ReserveResult } from "../src/peers/peers.ts";

type Reservation = { status: "ACTIVE" | "RELEASED" | "COMMITTED" | "RESTOCKED" | "EXPIRED"; items: CartLine[] };
type Payment = { id: string; key: string; status: "AUTHORIZED" | "CAPTURED" | "VOIDED" | "REFUNDED"; amount: number };

/**
 * In-memory peers with the semantics of the real internal endpoints (idempotency, tombstones,
 * all-or-nothing reservations), a log of every call, and switches to make a call fail. The real
 * peers are exercised end to end in e2e/; this isolates the saga's own logic.
 */
export function createFakePeers() {
  const calls: string[] = [];
  const fail = new Set<string>();
  const carts = new Map<string, CartLine[]>();
  const cleared: { userId: string; orderId: string }[] = [];
  const addresses = new Map<string, Map<string, Address>>();
  const products = new Map<string, ProductSnapshot>();
  const stock = new Map<string, number>();
  const reservations = new Map<string, Reservation>();
  const payments = new Map<string, Payment>();
  const voidedKeys = new Set<string>();
  const refunds: { paymentId: string; key: string }[] = [];

  const step = async (name: string) => {
    calls.push(name);
    await new Promise((r) => setImmediate(r));
    if (fail.has(name)) throw Object.assign(new Error(`${name} unavailable`), { status: 503 });
  };

  const peers: Peers = {
    cart: {
      async items(userId) {
        await step("cart.items");
        return carts.get(userId) ?? [];
      },
      async clear(userId, orderId, _items) {
        await step("cart.clear");
        cleared.push({ userId, orderId });
        carts.delete(userId);
      },
    },
    catalog: {
      async snapshot(ids) {
        await step("catalog.snapshot");
        return ids.map((id) => products.get(id)).filter((p): p is ProductSnapshot => Boolean(p));
      },
    },
    users: {
      async address(userId, addressId) {
        await step("users.address");
        return addresses.get(userId)?.get(addressId) ?? null;
      },
    },
    inventory: {
      async reserve(id, _userId, items): Promise<ReserveResult> {
        await step("inventory.reserve");
        const existing = reservations.get(id);
        if (existing) return existing.status === "ACTIVE" ? { status: "ACTIVE", expiresAt: new Date(Date.now() + 60_000).toISOString() } : { status: existing.status };
        const short = items.filter((i) => (stock.get(i.productId) ?? 0) < i.quantity);
        if (short.length) return { status: "OUT_OF_STOCK", items: short.map((i) => ({ productId: i.productId, requested: i.quantity, available: stock.get(i.productId) ?? 0 })) };
        for (const i of items) stock.set(i.productId, stock.get(i.productId)! - i.quantity);
        reservations.set(id, { status: "ACTIVE", items });
        return { status: "ACTIVE", expiresAt: new Date(Date.now() + 60_000).toISOString() };
      },
      async commit(id) {
        await step("inventory.commit");
        const r = reservations.get(id);
        if (!r) return { status: "NOT_FOUND" };
        if (r.status === "ACTIVE") r.status = "COMMITTED";
        return { status: r.status };
      },
      async release(id) {
        await step("inventory.release");
        const r = reservations.get(id);
        if (!r) {
          reservations.set(id, { status: "RELEASED", items: [] }); // tombstone
          return { status: "RELEASED" };
        }
        if (r.status === "ACTIVE") {
          for (const i of r.items) stock.set(i.productId, stock.get(i.productId)! + i.quantity);
          r.status = "RELEASED";
        }
        return { status: r.status };
      },
      async restock(id) {
        await step("inventory.restock");
        const r = reservations.get(id);
        if (r?.status === "COMMITTED") {
          for (const i of r.items) stock.set(i.productId, stock.get(i.productId)! + i.quantity);
          r.status = "RESTOCKED";
        }
        return { status: r?.status ?? "NOT_FOUND" };
      },
    },
    payments: {
      async authorize(input): Promise<AuthorizeResult> {
        await step("payments.authorize");
        if (voidedKeys.has(input.idempotencyKey)) return { status: "DECLINED", reason: "voided" };
        const existing = [...payments.values()].find((p) => p.key === input.idempotencyKey);
        if (existing) return { status: "AUTHORIZED", paymentId: existing.id };
        const number = input.paymentMethod.number;
        if (number.endsWith("0002")) return { status: "DECLINED", reason: "card_declined" };
        if (number.endsWith("9995")) return { status: "DECLINED", reason: "insufficient_funds" };
        if (number.endsWith("0119")) return { status: "TIMEOUT" };
        const payment: Payment = { id: randomUUID(), key: input.idempotencyKey, status: "AUTHORIZED", amount: input.amount.amount };
        payments.set(payment.id, payment);
        return { status: "AUTHORIZED", paymentId: payment.id };
      },
      async capture(paymentId) {
        await step("payments.capture");
        const p = payments.get(paymentId)!;
        if (p.status === "AUTHORIZED") p.status = "CAPTURED";
        return { status: p.status };
      },
      async voidByKey(key) {
        await step("payments.void");
        voidedKeys.add(key);
        const p = [...payments.values()].find((x) => x.key === key);
        if (p?.status === "AUTHORIZED") p.status = "VOIDED";
        return { status: p?.status === "CAPTURED" ? "CAPTURED" : "VOIDED" };
      },
      async refund(paymentId, key) {
        await step("payments.refund");
        if (!refunds.some((r) => r.key === key)) refunds.push({ paymentId, key });
        payments.get(paymentId)!.status = "REFUNDED";
        return { status: "REFUNDED" };
      },
    },
  };

  return { peers, calls, fail, carts, cleared, addresses, products, stock, reservations, payments, voidedKeys, refunds };
}

export type FakePeers = ReturnType<typeof createFakePeers>;
