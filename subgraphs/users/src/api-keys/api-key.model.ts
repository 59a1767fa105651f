import type { Role } from "@amazoff/kit";

/** An API key as listed (never its secret or hash). */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** What the exchange checks: the key, its hash and its owner's role. */
export interface ApiKeyRecord extends ApiKey {
  secretHash: string;
  ownerRole: Role;
}

/** `createApiKey`'s result: the secret, shown this once. */
export interface CreatedApiKey {
  apiKey: ApiKey;
  secret: string;
}

export interface NewApiKey {
  id?: string;
  userId: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  createdBy: string | null;
  expiresAt: Date | null;
}

export interface ApiKeyPosition {
  createdAt: string;
  id: string;
}
