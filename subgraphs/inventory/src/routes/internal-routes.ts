import { internalRoute, type InternalResult, type Logger, type RouteHandler } from "@amazoff/kit";
import { z } from "zod";
import type { TransitionOutcome } from "../reservations/reservation.model.ts";
import type { ReservationService } from "../reservations/reservation.service.ts";

// The checkout saga's contract with inventory (JSON over POST, `authorization: Internal <secret>`).
// Every answer is final for its input: the saga may repeat any call safely.

export const PATHS = {
  reserve: "/internal/reservations/reserve",
  commit: "/internal/reservations/commit",
  release: "/internal/reservations/release",
  restock: "/internal/reservations/restock",
  availability: "/internal/availability",
} as const;

const id = z.uuid().transform((value) => value.toLowerCase());

const reserveInput = z.object({
  reservationId: id,
  userId: id,
  items: z.array(z.object({ productId: id, quantity: z.int().min(1).max(1000) })).min(1).max(100),
  ttlSeconds: z.int().min(30).max(3600),
});
const reservationInput = z.object({ reservationId: id });
const availabilityInput = z.object({ productIds: z.array(id).min(1).max(200) });

const NOT_FOUND = { status: 404, body: { error: "not_found", message: "no such reservation" } };

/** 200 with the status reached, 409 with the status that prevents it, 404 for an unknown id. */
function transition(outcome: TransitionOutcome, report: (status: string) => string = (s) => s): InternalResult<object> {
  if (outcome.kind === "not_found") return NOT_FOUND;
  return { status: outcome.kind === "done" ? 200 : 409, body: { status: report(outcome.status) } };
}

export function inventoryInternalRoutes(options: { secret: string; reservations: ReservationService; log: Logger }): Record<string, RouteHandler> {
  const { secret, reservations } = options;
  const log = options.log.child({ source: "internal" });
  return {
    /**
     * 200 `{ status: "ACTIVE" | "COMMITTED", expiresAt }`; 409 `{ status: "OUT_OF_STOCK", items:
     * [{ productId, requested, available }] }` (nothing held); 409 `{ status }` for a reservation
     * id already RELEASED / EXPIRED / RESTOCKED; 409 `{ error: "reservation_mismatch" }` for an id
     * already used with other items or another user.
     */
    [PATHS.reserve]: internalRoute({
      secret,
      log,
      input: reserveInput,
      handler: async (input): Promise<InternalResult<object>> => {
        const result = await reservations.reserve(input);
        switch (result.kind) {
          case "held":
            return { body: { status: result.status, expiresAt: result.expiresAt.toISOString() } };
          case "out_of_stock":
            return { status: 409, body: { status: "OUT_OF_STOCK", items: result.shortages } };
          case "closed":
            return { status: 409, body: { status: result.status } };
          case "mismatch":
            return {
              status: 409,
              body: { error: "reservation_mismatch", message: "this reservation id was already used with other items or another user" },
            };
        }
      },
    }),
    /** 200 `{ status: "COMMITTED" }`; 409 `{ status: "EXPIRED" | "RELEASED" | "RESTOCKED" }`; 404. */
    [PATHS.commit]: internalRoute({ secret, log, input: reservationInput, handler: async (input) => transition(await reservations.commit(input.reservationId)) }),
    /**
     * 200 `{ status: "RELEASED" }` (also for an unknown id, which is recorded as a tombstone, and
     * for an EXPIRED reservation, whose stock is already back); 409 `{ status: "COMMITTED" | "RESTOCKED" }`.
     */
    [PATHS.release]: internalRoute({
      secret,
      log,
      input: reservationInput,
      handler: async (input) => transition(await reservations.release(input.reservationId), (s) => (s === "EXPIRED" ? "RELEASED" : s)),
    }),
    /** 200 `{ status: "RESTOCKED" }`; 409 `{ status: "ACTIVE" | "RELEASED" | "EXPIRED" }` (nothing was sold); 404. */
    [PATHS.restock]: internalRoute({ secret, log, input: reservationInput, handler: async (input) => transition(await reservations.restock(input.reservationId)) }),
    /** 200 `{ items: [{ productId, available }] }`: exact units (not capped), one entry per distinct id, in request order. */
    [PATHS.availability]: internalRoute({
      secret,
      log,
      input: availabilityInput,
      handler: async (input) => ({ body: { items: await reservations.availability(input.productIds) } }),
    }),
  };
}
