import path from "node:path";
import { postgresGlobalSetup } from "@amazoff/db/testing";

const subgraphs = path.resolve(import.meta.dirname, "../../subgraphs");

export default postgresGlobalSetup([{ name: "catalog", dir: path.join(subgraphs, "catalog"), urlVariable: "CATALOG_DATABASE_URL" }]);
