import type { CheckoutOutcome } from "../checkout/checkout.service.ts";
import type { OrdersContext } from "../context.ts";
import type { ResolversUnionTypes } from "../generated/graphql.ts";

type CheckoutResultModel = ResolversUnionTypes<Record<string, never>>["CheckoutResult"];

/** Maps the saga's outcome onto the CheckoutResult union (errors carry their __typename). */
export async function outcomeToResult(ctx: OrdersContext, outcome: CheckoutOutcome): Promise<CheckoutResultModel> {
  if (outcome.kind === "order") {
    const order = await ctx.loaders.order.load(outcome.orderId);
    if (!order) throw new Error(`order ${outcome.orderId} missing after checkout`);
    return order;
  }
  const base = { errorCode: outcome.code, message: outcome.message };
  switch (outcome.code) {
    case "EMPTY_CART":
      return { ...base, __typename: "EmptyCartError" };
    case "INVALID_ADDRESS":
      return { ...base, __typename: "InvalidAddressError" };
    case "CHECKOUT_IN_PROGRESS":
      return { ...base, __typename: "CheckoutInProgressError" };
    case "CHECKOUT_FAILED":
      return { ...base, __typename: "CheckoutFailedError", retryable: outcome.retryable };
    case "OUT_OF_STOCK":
      return {
        ...base,
        __typename: "OutOfStockError",
        items: outcome.items.map((i) => ({ product: { id: i.productId }, requested: i.requested, available: i.available })),
      };
    case "PAYMENT_DECLINED":
      return { ...base, __typename: "PaymentDeclinedError", reason: outcome.reason };
    case "PRODUCT_UNAVAILABLE":
      return { ...base, __typename: "ProductUnavailableError", products: outcome.productIds.map((id) => ({ id })) };
  }
}

type CheckoutTypename = NonNullable<Exclude<CheckoutResultModel, { id: string }>["__typename"]> | "Order";

/** Errors carry their __typename; anything else is an Order. */
export const resolveCheckoutType = (value: object): CheckoutTypename => (value as { __typename?: CheckoutTypename }).__typename ?? "Order";
