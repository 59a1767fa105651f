import { assertId, BadUserInputError } from "@amazoff/kit";
import type { CardDetails } from "../peers/peers.ts";

export interface CheckoutInput {
  shippingAddressId: string;
  paymentMethod: { number: string; expMonth: number; expYear: number; cvc: string };
  idempotencyKey: string;
}

export interface ValidCheckout {
  shippingAddressId: string;
  idempotencyKey: string;
  card: CardDetails;
}

/**
 * Shape checks only (the payments subgraph owns card validation: Luhn, expiry). Failing here
 * writes nothing, not even a saga.
 */
export function validateCheckoutInput(input: CheckoutInput): ValidCheckout {
  const shippingAddressId = assertId(input.shippingAddressId, "input.shippingAddressId", "address id");
  const key = input.idempotencyKey.trim();
  if (key.length < 8 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new BadUserInputError("`idempotencyKey` must be 8 to 200 printable characters without spaces", "input.idempotencyKey");
  }
  const number = input.paymentMethod.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number)) throw new BadUserInputError("The card number must have 12 to 19 digits", "input.paymentMethod.number");
  const { expMonth, expYear } = input.paymentMethod;
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12)
    throw new BadUserInputError("`expMonth` must be 1 to 12", "input.paymentMethod.expMonth");
  if (!Number.isInteger(expYear) || expYear < 2000 || expYear > 2100)
    throw new BadUserInputError("`expYear` must be a four-digit year", "input.paymentMethod.expYear");
  if (!/^\d{3,4}$/.test(input.paymentMethod.cvc)) throw new BadUserInputError("`cvc` must be 3 or 4 digits", "input.paymentMethod.cvc");
  return { shippingAddressId, idempotencyKey: key, card: { type: "card", number, expMonth, expYear, cvc: input.paymentMethod.cvc } };
}
