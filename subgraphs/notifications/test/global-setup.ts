import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with a migrated `notifications_template` database.
export default postgresGlobalSetup([
  { name: "notifications", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "NOTIFICATIONS_DATABASE_URL" },
]);
