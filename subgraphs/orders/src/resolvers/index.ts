import { DateTimeScalar, JSONScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { resolveCheckoutType } from "./CheckoutResult.ts";
import { Money } from "./Money.ts";
import { cancelOrder } from "./Mutation/cancelOrder.ts";
import { checkout } from "./Mutation/checkout.ts";
import { updateOrderStatus } from "./Mutation/updateOrderStatus.ts";
import { Order } from "./Order.ts";
import { PersonalDataExport } from "./PersonalDataExport.ts";
import { order } from "./Query/order.ts";
import { orders } from "./Query/orders.ts";
import { User } from "./User.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  PersonalDataExport,
  Query: { order, orders },
  Mutation: { checkout, cancelOrder, updateOrderStatus },
  CheckoutResult: { __resolveType: resolveCheckoutType },
  CheckoutError: { __resolveType: (value) => resolveCheckoutType(value) as Exclude<ReturnType<typeof resolveCheckoutType>, "Order"> },
  Order,
  User,
  Money,
};
