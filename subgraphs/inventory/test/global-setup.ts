import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with a migrated `inventory_template` database.
export default postgresGlobalSetup([
  { name: "inventory", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "INVENTORY_DATABASE_URL" },
]);
