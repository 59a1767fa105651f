// `npm run seed -w @amazoff/users`: creates the demo accounts (needs USERS_DATABASE_URL; refused in production).
import { createLogger } from "@amazoff/kit";
import { PasswordHasher } from "../auth/password-hasher.ts";
import { createUsersDb } from "../db.ts";
import { loadUsersToolEnv } from "../env.ts";
import { seedDemoAccounts } from "./seed.ts";

const env = loadUsersToolEnv();
const logger = createLogger({ service: "users-seed", level: env.LOG_LEVEL });
const db = createUsersDb(env.USERS_DATABASE_URL);
try {
  logger.info(await seedDemoAccounts(db, new PasswordHasher(env.USERS_SCRYPT_COST), env.NODE_ENV, logger), "seeded");
} finally {
  await db.close();
}
