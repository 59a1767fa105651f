import { describeProductionGuards } from "@amazoff/kit/testing";
import { parseCatalogEnv } from "./env.ts";

describeProductionGuards({
  parse: parseCatalogEnv,
  production: {
    CATALOG_DATABASE_URL: "postgresql://catalog:Vd83kQp2xZ@db:5432/catalog",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  },
});
