import type { Logger } from "@amazoff/kit";
import type { StockRepository } from "../stock/stock.repository.ts";
import { mergeItems } from "./allocation.ts";
import type { ExistingReservation, RequestedItem, ReservationStatus, Shortage, TransitionOutcome } from "./reservation.model.ts";
import type { ReservationRepository } from "./reservation.repository.ts";

export type ReserveResult =
  | { kind: "held"; status: "ACTIVE" | "COMMITTED"; expiresAt: Date }
  | { kind: "out_of_stock"; shortages: Shortage[] }
  | { kind: "closed"; status: ReservationStatus }
  | { kind: "mismatch" };

/** Same owner and same units per product: a true repeat of the first request. */
function sameRequest(existing: ExistingReservation, userId: string, items: RequestedItem[]): boolean {
  if (existing.userId !== userId) return false;
  const held = mergeItems(existing.items);
  return held.length === items.length && held.every((h, i) => h.productId === items[i]!.productId && h.quantity === items[i]!.quantity);
}

/** The checkout saga's side of inventory: reservations and availability checks. */
export class ReservationService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly stock: StockRepository,
    private readonly log: Logger,
  ) {}

  async reserve(input: { reservationId: string; userId: string; items: RequestedItem[]; ttlSeconds: number }): Promise<ReserveResult> {
    const items = mergeItems(input.items);
    // Lazily expire what the sweeper has not reached yet, so overdue holds never cause a refusal.
    const overdue = await this.reservations.overdueHolding(items.map((i) => i.productId));
    if (overdue.length) await this.reservations.expireOverdue({ ids: overdue, limit: overdue.length });

    const outcome = await this.reservations.reserve({
      reservationId: input.reservationId,
      userId: input.userId,
      items,
      ttlSeconds: input.ttlSeconds,
    });
    switch (outcome.kind) {
      case "reserved":
        this.log.info({ reservationId: input.reservationId, lines: items.length }, "stock reserved");
        return { kind: "held", status: "ACTIVE", expiresAt: outcome.expiresAt };
      case "out_of_stock":
        this.log.info({ reservationId: input.reservationId, shortages: outcome.shortages.length }, "reservation refused: out of stock");
        return outcome;
      case "exists": {
        const { reservation } = outcome;
        if ((reservation.status === "ACTIVE" || reservation.status === "COMMITTED") && reservation.expiresAt) {
          // An id reused for another checkout is a caller bug; answering "ACTIVE" would hide it.
          if (!sameRequest(reservation, input.userId, items)) return { kind: "mismatch" };
          return { kind: "held", status: reservation.status, expiresAt: reservation.expiresAt };
        }
        return { kind: "closed", status: reservation.status };
      }
    }
  }

  commit(reservationId: string): Promise<TransitionOutcome> {
    return this.logged("commit", reservationId, this.reservations.commit(reservationId));
  }

  release(reservationId: string): Promise<TransitionOutcome> {
    return this.logged("release", reservationId, this.reservations.release(reservationId));
  }

  restock(reservationId: string): Promise<TransitionOutcome> {
    return this.logged("restock", reservationId, this.reservations.restock(reservationId));
  }

  /** Units available to order per product (uncapped), in request order, one entry per product. */
  async availability(productIds: string[]): Promise<{ productId: string; available: number }[]> {
    const ids = [...new Set(productIds.map((id) => id.toLowerCase()))];
    const found = new Map((await this.stock.availability(ids)).map((s) => [s.productId, s.available]));
    return ids.map((productId) => ({ productId, available: Math.max(0, found.get(productId) ?? 0) }));
  }

  /** One sweep: expires overdue reservations in batches until none is left (or others hold them). */
  async expireOverdue(batchSize = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.reservations.expireOverdue({ limit: batchSize });
      total += expired;
      if (expired < batchSize) return total;
    }
  }

  private async logged(action: string, reservationId: string, outcome: Promise<TransitionOutcome>): Promise<TransitionOutcome> {
    const result = await outcome;
    this.log.info(
      { reservationId, action, outcome: result.kind, status: result.kind === "not_found" ? undefined : result.status },
      `reservation ${action}`,
    );
    return result;
  }
}
