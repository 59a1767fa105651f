import type { Role } from "@amazoff/kit";

/**
 * The users subgraph's part of a GDPR access request: the `PersonalDataExport` entity, keyed by
 * `userId`, that other subgraphs extend with their own fields (orders, cart...). `account` is
 * resolved on demand from `userId`.
 */
export interface PersonalDataExport {
  userId: string;
  generatedAt: Date;
}

/**
 * `PersonalDataExport.account`: everything this subgraph stores about the person, as JSON. Never
 * a password hash, a refresh token hash or an API key's secret hash: those are not data *about*
 * the person, and handing them out would weaken the account.
 */
export interface AccountData {
  profile: { id: string; email: string; displayName: string; role: Role; createdAt: string; updatedAt: string };
  addresses: {
    id: string;
    fullName: string;
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postalCode: string;
    country: string;
    phone: string | null;
    isDefault: boolean;
    createdAt: string;
    updatedAt: string;
  }[];
  /** Signed-in sessions (devices), ended ones included until they are purged. */
  sessions: {
    id: string;
    createdAt: string;
    lastRefreshedAt: string | null;
    expiresAt: string;
    revokedAt: string | null;
    revokedReason: string | null;
  }[];
  /** A partner's API keys: metadata only. */
  apiKeys: {
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    createdAt: string;
    lastUsedAt: string | null;
    expiresAt: string | null;
    revokedAt: string | null;
  }[];
  /** Failed sign-in attempts on this email (kept for a day after the last one); null when there are none. */
  signInFailures: { failures: number; lastFailureAt: string; lockedUntil: string | null } | null;
}

/** What an erasure may refuse: any admin (self-service), or only the last admin (an admin erasing someone). */
export type ErasureGuard = "any_admin" | "last_admin";

/** Outcome of an erasure; the service turns the refusals into errors. */
export type Erasure = { kind: "erased" } | { kind: "not_found" } | { kind: "admin" } | { kind: "last_admin" };
