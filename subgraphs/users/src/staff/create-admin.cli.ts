// `printf '%s' "$PASSWORD" | npm run create-admin -w @amazoff/users -- admin@example.com`
// Creates the first admin (or promotes an existing account). The password comes from stdin, so it
// never appears in a process list or shell history; it is only read when a new account is created.
import { createLogger } from "@amazoff/kit";
import { PasswordHasher } from "../auth/password-hasher.ts";
import { createUsersDb } from "../db.ts";
import { loadUsersToolEnv } from "../env.ts";
import { UserRepository } from "../users/user.repository.ts";
import { bootstrapAdmin } from "./bootstrap-admin.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const env = loadUsersToolEnv();
const logger = createLogger({ service: "users-admin", level: env.LOG_LEVEL === "silent" ? "info" : env.LOG_LEVEL });
const email = process.argv[2];
if (!email) {
  logger.error("usage: create-admin EMAIL (the password is read from stdin)");
  process.exit(2);
}
const db = createUsersDb(env.USERS_DATABASE_URL, { poolSize: 1 });
try {
  const result = await bootstrapAdmin(new UserRepository(db), new PasswordHasher(env.USERS_SCRYPT_COST), { email, password: readStdin });
  logger.info(result, "admin ready");
} catch (error) {
  logger.error({ err: error instanceof Error ? error.message : String(error) }, "could not create the admin");
  process.exitCode = 1;
} finally {
  await db.close();
}
