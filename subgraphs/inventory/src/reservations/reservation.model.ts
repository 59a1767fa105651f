export type ReservationStatus = "ACTIVE" | "COMMITTED" | "RELEASED" | "EXPIRED" | "RESTOCKED";

/** A line of a reserve request, after duplicates were merged. */
export interface RequestedItem {
  productId: string;
  quantity: number;
}

/** Units of one product held in one store by a reservation. */
export interface HeldItem {
  productId: string;
  storeId: string;
  quantity: number;
}

export interface ReserveRequest {
  reservationId: string;
  userId: string;
  /** Merged (one line per product) and sorted by product id. */
  items: RequestedItem[];
  ttlSeconds: number;
}

/** A product the network cannot supply in full. */
export interface Shortage {
  productId: string;
  requested: number;
  available: number;
}

/** An existing reservation, as a repeated reserve finds it. */
export interface ExistingReservation {
  status: ReservationStatus;
  userId: string | null;
  expiresAt: Date | null;
  items: HeldItem[];
}

export type ReserveOutcome =
  | { kind: "reserved"; expiresAt: Date }
  | { kind: "out_of_stock"; shortages: Shortage[] }
  | { kind: "exists"; reservation: ExistingReservation };

/** What commit, release and restock found or did. `status` is the reservation's status afterwards. */
export type TransitionOutcome =
  | { kind: "done"; status: ReservationStatus }
  | { kind: "refused"; status: ReservationStatus }
  | { kind: "not_found" };
