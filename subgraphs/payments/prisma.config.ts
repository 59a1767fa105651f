import { subgraphPrismaConfig } from "@amazoff/db/prisma-config";

export default subgraphPrismaConfig(import.meta.dirname, "PAYMENTS_DATABASE_URL");
