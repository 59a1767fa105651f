import { inventoryApi } from "@amazoff/contracts";
import { internalRoute, type EndpointReply, type Logger, type RouteHandler } from "@amazoff/kit";
import type { ReservationStatus, TransitionOutcome } from "../reservations/reservation.model.ts";
import type { ReservationService } from "../reservations/reservation.service.ts";

// Serves the checkout saga's contract with inventory (`inventoryApi` in @amazoff/contracts, where
// each answer is described). Every answer is final for its input: the saga may repeat any call.

type TransitionReply = EndpointReply<typeof inventoryApi.commit>;

const NOT_FOUND: TransitionReply = { status: 404, body: { error: "not_found", message: "no such reservation" } };

/** 200 with the status reached, 409 with the status that prevents it, 404 for an unknown id. */
function transition(outcome: TransitionOutcome, report: (status: ReservationStatus) => ReservationStatus = (s) => s): TransitionReply {
  if (outcome.kind === "not_found") return NOT_FOUND;
  const body = { status: report(outcome.status) };
  return outcome.kind === "done" ? { status: 200, body } : { status: 409, body };
}

export function inventoryInternalRoutes(options: {
  secret: string;
  reservations: ReservationService;
  log: Logger;
}): Record<string, RouteHandler> {
  const { secret, reservations } = options;
  const log = options.log.child({ source: "internal" });
  return {
    [inventoryApi.reserve.path]: internalRoute(inventoryApi.reserve, {
      secret,
      log,
      async handler(input) {
        const result = await reservations.reserve(input);
        switch (result.kind) {
          case "held":
            return { status: 200, body: { status: result.status, expiresAt: result.expiresAt.toISOString() } };
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
    [inventoryApi.commit.path]: internalRoute(inventoryApi.commit, {
      secret,
      log,
      handler: async (input) => transition(await reservations.commit(input.reservationId)),
    }),
    [inventoryApi.release.path]: internalRoute(inventoryApi.release, {
      secret,
      log,
      // An expired hold's stock is already back: for the caller that is a release.
      handler: async (input) => transition(await reservations.release(input.reservationId), (s) => (s === "EXPIRED" ? "RELEASED" : s)),
    }),
    [inventoryApi.restock.path]: internalRoute(inventoryApi.restock, {
      secret,
      log,
      handler: async (input) => transition(await reservations.restock(input.reservationId)),
    }),
    [inventoryApi.availability.path]: internalRoute(inventoryApi.availability, {
      secret,
      log,
      handler: async (input) => ({ status: 200, body: { items: await reservations.availability(input.productIds) } }),
    }),
  };
}
