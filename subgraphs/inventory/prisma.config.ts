import { subgraphPrismaConfig } from "@amazoff/db/prisma-config";

export default subgraphPrismaConfig(import.meta.dirname, "INVENTORY_DATABASE_URL");
