import { createHash } from "node:crypto";
import { DEMO_NAMESPACE, DEMO_USERS } from "@amazoff/demo-data";
import { PARTNER_GRANTABLE_SCOPES, uuidV5, type Role } from "@amazoff/kit";
import { apiKeyFromSeed } from "../api-keys/api-key-secret.ts";

/**
 * Development-only credentials of the demo accounts. They are public (in this file), which is
 * why seeding them is refused in production (seed.ts) and they are logged only in development.
 */
const DEMO_PASSWORDS: Record<string, string> = {
  customer: "Shopper-demo-2026",
  employee: "Stockroom-demo-2026",
  admin: "Backoffice-demo-2026",
};

/** A fixed seed, so the demo partner's key is the same on every development machine and run. */
const DEMO_API_KEY_SEED = createHash("sha512").update("amazoff development demo partner API key v1").digest();

export interface DemoAccount {
  id: string;
  role: Role;
  email: string;
  displayName: string;
  /** Sign-in password (customer, employee, admin). */
  password?: string;
  /** The partner's API key (partner only): exchange it at /internal/api-keys/exchange. */
  apiKey?: { id: string; name: string; key: string; prefix: string; secretHash: string; scopes: string[] };
}

/**
 * The demo accounts of `npm start` with their development credentials, for the seed and for the
 * devstack to print. Pure: no I/O, cheap to import.
 */
export function demoAccounts(): DemoAccount[] {
  return DEMO_USERS.map(({ handle, id, role, email, displayName }) => {
    if (role !== "PARTNER") return { id, role, email, displayName, password: DEMO_PASSWORDS[handle] };
    const { key, prefix, secretHash } = apiKeyFromSeed(DEMO_API_KEY_SEED);
    const apiKey = {
      id: uuidV5(DEMO_NAMESPACE, `api-key:${handle}`),
      name: "Demo integration",
      key,
      prefix,
      secretHash,
      scopes: [...PARTNER_GRANTABLE_SCOPES],
    };
    return { id, role, email, displayName, apiKey };
  });
}

/** One line per role, e.g. `CUSTOMER customer@amazoff.example / Shopper-demo-2026`. */
export function describeDemoAccounts(accounts: DemoAccount[] = demoAccounts()): Record<string, string> {
  return Object.fromEntries(
    accounts.map((a) => [a.role, a.password ? `${a.email} / ${a.password}` : `${a.email} / API key ${a.apiKey?.key ?? "(none)"}`]),
  );
}
