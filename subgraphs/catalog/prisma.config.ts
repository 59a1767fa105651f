import { subgraphPrismaConfig } from "@amazoff/db/prisma-config";

export default subgraphPrismaConfig(import.meta.dirname, "CATALOG_DATABASE_URL");
