import { randomUUID } from "node:crypto";
import type { InventoryTestServer } from "../test-server.ts";

export interface ReserveBody {
  reservationId?: string;
  userId?: string;
  items: { productId: string; quantity: number }[];
  ttlSeconds?: number;
}

/** POST /internal/reservations/reserve with sensible defaults; returns the status and body. */
export function reserve(server: InventoryTestServer, body: ReserveBody) {
  return server.internal.post<Record<string, any>>("/internal/reservations/reserve", {
    reservationId: randomUUID(),
    userId: randomUUID(),
    ttlSeconds: 600,
    ...body,
  });
}

export const transition = (server: InventoryTestServer, action: "commit" | "release" | "restock", reservationId: string) =>
  server.internal.post<Record<string, any>>(`/internal/reservations/${action}`, { reservationId });

/** The stock rows of a product, by store id. */
export async function stockOf(server: InventoryTestServer, productId: string) {
  const rows = await server.db.prisma.stockLevel.findMany({ where: { productId }, orderBy: { storeId: "asc" } });
  return new Map(rows.map((r) => [r.storeId, { onHand: r.onHand, reserved: r.reserved }]));
}

export async function totals(server: InventoryTestServer, productId: string) {
  const rows = await server.db.prisma.stockLevel.findMany({ where: { productId } });
  return { onHand: rows.reduce((n, r) => n + r.onHand, 0), reserved: rows.reduce((n, r) => n + r.reserved, 0) };
}

/** Moves a reservation's expiry into the past, as if its TTL had run out. */
export async function backdate(server: InventoryTestServer, reservationId: string) {
  await server.db.prisma.$executeRaw`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ${reservationId}::uuid`;
}

export const reservationStatus = async (server: InventoryTestServer, id: string) =>
  (await server.db.prisma.reservation.findUnique({ where: { id } }))?.status ?? null;
