import { DateTimeScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { adjustStock } from "./Mutation/adjustStock.ts";
import { setLowStockThreshold } from "./Mutation/setLowStockThreshold.ts";
import { Product } from "./Product.ts";
import { stockAdjustments } from "./Query/stockAdjustments.ts";
import { store } from "./Query/store.ts";
import { stores } from "./Query/stores.ts";
import { StockAdjustment } from "./StockAdjustment.ts";
import { StockLevel } from "./StockLevel.ts";
import { Store } from "./Store.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { stores, store, stockAdjustments },
  Mutation: { adjustStock, setLowStockThreshold },
  Product,
  Store,
  StockLevel,
  StockAdjustment,
};
