import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

const subgraphs = path.resolve(import.meta.dirname, "../../subgraphs");
const names = ["catalog", "users", "inventory", "payments", "cart", "orders", "notifications", "comments"];

// One embedded PostgreSQL for the run, with a migrated template database per subgraph.
export default postgresGlobalSetup(
  names.map((name) => ({ name, dir: path.join(subgraphs, name), urlVariable: `${name.toUpperCase()}_DATABASE_URL` })),
);
