import { formatMoney } from "@amazoff/kit";
import type { MoneyResolvers } from "../generated/graphql.ts";

export const Money: MoneyResolvers = {
  formatted: (money) => formatMoney(money),
};
