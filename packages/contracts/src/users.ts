import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { address, errorBody, id } from "./shapes.ts";

/**
 * One of a user's addresses, for the checkout saga: 200 when the address belongs to that user
 * (and the account was not erased); 404 otherwise (someone else's, unknown, or deleted).
 */
export const shippingAddress = defineEndpoint({
  path: "/internal/addresses/get",
  request: z.object({ userId: id, addressId: id }),
  responses: { 200: z.object({ address }), 404: errorBody },
});

/**
 * The router's exchange of a partner's API key for an access token: 200 a 60-second RS256 token
 * with role PARTNER, the key's scopes and its id (`akid`). The router forwards the client's
 * address in x-forwarded-for: failures are throttled per key prefix and per address, and past
 * them refused with 429 (and Retry-After). 401 `invalid_api_key`: an unknown, malformed, revoked
 * or expired key; 401 `unauthorized`: the internal secret was refused (the route's own check).
 */
export const apiKeyExchange = defineEndpoint({
  path: "/internal/api-keys/exchange",
  // Any text: whatever is not a valid key is refused as one (401), and the route bounds the body.
  request: z.object({ apiKey: z.string() }),
  responses: {
    200: z.object({ accessToken: z.string().min(1), expiresIn: z.int().positive() }),
    401: z.union([z.object({ error: z.literal("invalid_api_key") }), z.object({ error: z.literal("unauthorized"), message: z.string() })]),
    429: z.object({ error: z.literal("rate_limited"), retryAfterSeconds: z.int().positive() }),
  },
});

/** Most users one contacts call takes. */
export const MAX_CONTACT_IDS = 200;

/**
 * How to reach users now (the notifications subgraph asks at send time, so that it keeps no copy
 * of anyone's email). Erased accounts and unknown ids are left out: nothing is sent to them.
 */
export const contacts = defineEndpoint({
  path: "/internal/users/contacts",
  request: z.object({ userIds: z.array(id).min(1).max(MAX_CONTACT_IDS) }),
  responses: {
    200: z.object({
      users: z.array(
        z.object({ userId: id, email: z.string(), displayName: z.string(), role: z.enum(["CUSTOMER", "EMPLOYEE", "ADMIN", "PARTNER"]) }),
      ),
    }),
  },
});

/**
 * The revocation feed every verifier (the router, each subgraph) polls. It is defined in the kit,
 * whose verifiers read it and which cannot depend on this package; listed here so that every
 * internal endpoint is found in one place.
 */
export { revocationFeed } from "@amazoff/kit";

/**
 * The staff (employees and admins) whose accounts exist, by id, a page at a time: `after` is the
 * last id of the previous page; `hasMore` says whether to ask again.
 */
export const staffMembers = defineEndpoint({
  path: "/internal/users/staff",
  request: z.object({ after: id.optional(), first: z.int().min(1).max(1000).default(500) }),
  responses: { 200: z.object({ userIds: z.array(id), hasMore: z.boolean() }) },
});
