import { subgraphPrismaConfig } from "@amazoff/db/prisma-config";

export default subgraphPrismaConfig(import.meta.dirname, "USERS_DATABASE_URL");
