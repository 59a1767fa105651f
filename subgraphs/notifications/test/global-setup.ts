import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

// One embedded PostgreSQL for the run, with migrated `notifications_template`, `users_template`
// and `orders_template` databases: the tests run a real users subgraph (contacts, staff, tokens,
// revocations) and a real orders subgraph (order owners) beside the notifications subgraph.
export default postgresGlobalSetup([
  { name: "notifications", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "NOTIFICATIONS_DATABASE_URL" },
  { name: "users", dir: path.resolve(import.meta.dirname, "../../users"), urlVariable: "USERS_DATABASE_URL" },
  { name: "orders", dir: path.resolve(import.meta.dirname, "../../orders"), urlVariable: "ORDERS_DATABASE_URL" },
]);
