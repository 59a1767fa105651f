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
 * The staff (employees and admins) whose accounts exist, by id, a page at a time: `after` is the
 * last id of the previous page; `hasMore` says whether to ask again.
 */
export const staffMembers = defineEndpoint({
  path: "/internal/users/staff",
  request: z.object({ after: id.optional(), first: z.int().min(1).max(1000).default(500) }),
  responses: { 200: z.object({ userIds: z.array(id), hasMore: z.boolean() }) },
});
