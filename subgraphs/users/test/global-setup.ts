import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with a migrated `users_template` database.
export default postgresGlobalSetup([{ name: "users", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "USERS_DATABASE_URL" }]);
