import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with migrated `comments_template` and `catalog_template`
// databases: the tests check product sections against a real catalog subgraph (its test server).
export default postgresGlobalSetup([
  { name: "comments", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "COMMENTS_DATABASE_URL" },
  { name: "catalog", dir: path.resolve(import.meta.dirname, "../../catalog"), urlVariable: "CATALOG_DATABASE_URL" },
]);
