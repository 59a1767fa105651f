import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with migrated `cart_template` and `catalog_template`
// databases: the tests price carts with a real catalog subgraph (its test server).
export default postgresGlobalSetup([
  { name: "cart", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "CART_DATABASE_URL" },
  { name: "catalog", dir: path.resolve(import.meta.dirname, "../../catalog"), urlVariable: "CATALOG_DATABASE_URL" },
]);
