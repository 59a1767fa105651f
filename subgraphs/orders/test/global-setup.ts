import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

export default postgresGlobalSetup([{ name: "orders", dir: path.resolve(import.meta.dirname, ".."), urlVariable: "ORDERS_DATABASE_URL" }]);
