import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with a migrated `payments_template` database.
export default postgresGlobalSetup([
  { name: "payments", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "PAYMENTS_DATABASE_URL" },
]);
