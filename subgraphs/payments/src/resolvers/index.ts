import { DateTimeScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { Money } from "./Money.ts";
import { Order } from "./Order.ts";
import { Payment } from "./Payment.ts";
import { payment } from "./Query/payment.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { payment },
  Order,
  Payment,
  Money,
};
