import { subgraphPrismaConfig } from "@amazoff/db/prisma-config";

export default subgraphPrismaConfig(import.meta.dirname, "NOTIFICATIONS_DATABASE_URL");
