import { z } from "zod";

/*
 * Shapes that travel between subgraphs, defined once. Each subgraph keeps its own model of what
 * it owns; these are what crosses the wire.
 */

/** A UUID, compared in lower case everywhere. */
export const id = z.uuid().transform((value) => value.toLowerCase());

/** An amount in minor units of an ISO-4217 currency (never a float). */
export const money = z.object({
  amount: z.int(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO-4217 code such as USD"),
});
export type Money = z.output<typeof money>;

/** A postal address as an order keeps it (no phone: the carrier label does not need it). */
export const address = z.object({
  fullName: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string().nullable(),
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO-3166 alpha-2 code"),
});
export type Address = z.output<typeof address>;

/** What the catalog says about a product right now: the cart's totals and the order's price snapshot. */
export const productSnapshot = z.object({
  productId: id,
  sku: z.string(),
  name: z.string(),
  price: money,
});
export type ProductSnapshot = z.output<typeof productSnapshot>;

/** The cart's business limits, which bound what its endpoints accept. */
export const CART_LIMITS = {
  /** Most lines (distinct products) a cart holds. */
  lines: 100,
  /** Most units of one product a line holds. */
  lineQuantity: 99,
} as const;

/** Units of one product in a cart (and so in a checkout). */
export const cartLine = z.object({ productId: id, quantity: z.int().min(1).max(CART_LIMITS.lineQuantity) });
export type CartLine = z.output<typeof cartLine>;

/** Card details, passed through to the payments subgraph only (never stored elsewhere). */
export const card = z.object({
  type: z.literal("card"),
  // Shape only here; whether the card is usable is the payments subgraph's answer (402 invalid_card).
  number: z.string().max(32),
  expMonth: z.int(),
  expYear: z.int(),
  cvc: z.string().max(8),
});
export type CardDetails = z.output<typeof card>;

/** An expected refusal: a stable code and a message for the logs. */
export const errorBody = z.object({ error: z.string(), message: z.string() });
