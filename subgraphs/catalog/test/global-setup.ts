import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with a migrated `catalog_template` database.
export default postgresGlobalSetup([
  { name: "catalog", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "CATALOG_DATABASE_URL" },
]);
