import { uuidV5, type Role } from "@amazoff/kit";
import { DEMO_NAMESPACE } from "./catalog.ts";

/** Id of a demo account, e.g. `demoUserId("customer")` for the orders and reviews seeds. */
export const demoUserId = (handle: string) => uuidV5(DEMO_NAMESPACE, `user:${handle}`);

export interface DemoUser {
  /** Short name, also the email's local part. */
  handle: string;
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

/**
 * The demo accounts, one per role. Identities only: their development-only credentials are the
 * users subgraph's business (`@amazoff/users/demo-accounts`).
 */
export const DEMO_USERS: readonly DemoUser[] = (
  [
    ["customer", "Casey Customer", "CUSTOMER"],
    ["employee", "Emery Employee", "EMPLOYEE"],
    ["admin", "Ada Admin", "ADMIN"],
    ["partner", "Parcel Partners Ltd", "PARTNER"],
  ] as const
).map(([handle, displayName, role]) => ({ handle, id: demoUserId(handle), email: `${handle}@amazoff.example`, displayName, role }));
