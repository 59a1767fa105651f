import { describeProductionGuards } from "@amazoff/kit/testing";
import { parseOrdersEnv } from "./env.ts";

describeProductionGuards({
  parse: parseOrdersEnv,
  production: {
    ORDERS_DATABASE_URL: "postgresql://ord:Vd83kQp2xZ@db:5432/orders",
    CATALOG_INTERNAL_URL: "http://catalog:4001",
    USERS_INTERNAL_URL: "http://users:4002",
    INVENTORY_INTERNAL_URL: "http://inventory:4003",
    CART_INTERNAL_URL: "http://cart:4004",
    PAYMENTS_INTERNAL_URL: "http://payments:4006",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  },
  cases: [
    ["a development peer URL (unset)", { PAYMENTS_INTERNAL_URL: undefined }, ["PAYMENTS_INTERNAL_URL"]],
    ["the crash-test hook", { ORDERS_FAULT: "after-reserve" }, ["ORDERS_FAULT"]],
  ],
});
