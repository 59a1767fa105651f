/**
 * The test provider's card numbers (Stripe's conventions). Any other number that passes the local
 * checks is authorized.
 */
export const TEST_CARDS = {
  SUCCEEDS: "4242424242424242",
  DECLINED: "4000000000000002",
  INSUFFICIENT_FUNDS: "4000000000009995",
  /** The provider never answers: the call times out at our deadline. */
  TIMES_OUT: "4000000000000119",
} as const;
