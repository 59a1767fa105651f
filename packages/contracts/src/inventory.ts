import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { errorBody, id } from "./shapes.ts";

/*
 * The checkout saga's contract with inventory. Every answer is final for its input: the saga may
 * repeat any call safely (a reservation's id is the saga's id).
 */

export const reservationStatus = z.enum(["ACTIVE", "COMMITTED", "RELEASED", "EXPIRED", "RESTOCKED"]);
export type ReservationStatus = z.output<typeof reservationStatus>;

/** A product the network cannot supply in full. */
export const shortage = z.object({ productId: id, requested: z.int(), available: z.int() });
export type Shortage = z.output<typeof shortage>;

/**
 * Holds stock for a checkout, all lines or none. 200: held (a repeat finds it ACTIVE or already
 * COMMITTED). 409: OUT_OF_STOCK with the short items (nothing held); the status of a reservation
 * that can no longer hold (RELEASED, EXPIRED, RESTOCKED); or `reservation_mismatch` for an id already used with
 * other items or another user.
 */
export const reserve = defineEndpoint({
  path: "/internal/reservations/reserve",
  request: z.object({
    reservationId: id,
    userId: id,
    items: z
      .array(z.object({ productId: id, quantity: z.int().min(1).max(1000) }))
      .min(1)
      .max(100),
    ttlSeconds: z.int().min(30).max(3600),
  }),
  responses: {
    200: z.object({ status: z.enum(["ACTIVE", "COMMITTED"]), expiresAt: z.iso.datetime() }),
    409: z.union([
      z.object({ status: z.literal("OUT_OF_STOCK"), items: z.array(shortage) }),
      z.object({ status: reservationStatus }),
      z.object({ error: z.literal("reservation_mismatch"), message: z.string() }),
    ]),
  },
});

const reservationRequest = z.object({ reservationId: id });
/** 200 with the status reached, 409 with the status that prevents it, 404 for an unknown id. */
const transitionResponses = { 200: z.object({ status: reservationStatus }), 409: z.object({ status: reservationStatus }), 404: errorBody };

/** Sells the held units (after the capture). 409 EXPIRED: the hold ran out and its stock went back. */
export const commit = defineEndpoint({
  path: "/internal/reservations/commit",
  request: reservationRequest,
  responses: transitionResponses,
});

/**
 * Puts held units back. 200 RELEASED also for an unknown id (recorded as a tombstone, so a late
 * reserve with it is refused) and for an EXPIRED hold; 409 COMMITTED or RESTOCKED.
 */
export const release = defineEndpoint({
  path: "/internal/reservations/release",
  request: reservationRequest,
  responses: transitionResponses,
});

/** Puts sold units back on the shelf (a cancelled order). 409 ACTIVE, RELEASED or EXPIRED: nothing was sold. */
export const restock = defineEndpoint({
  path: "/internal/reservations/restock",
  request: reservationRequest,
  responses: transitionResponses,
});

/** Units that can be sold now, exact (not capped), one entry per distinct id, in request order. */
export const availability = defineEndpoint({
  path: "/internal/availability",
  request: z.object({ productIds: z.array(id).min(1).max(200) }),
  responses: { 200: z.object({ items: z.array(z.object({ productId: id, available: z.int() })) }) },
});
