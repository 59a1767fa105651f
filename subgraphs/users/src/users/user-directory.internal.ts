import { usersApi } from "@amazoff/contracts";
import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { UserService } from "./user.service.ts";

/*
 * Who the notifications subgraph may reach, asked at send time (it keeps no copy of anyone's
 * contact details): erased accounts are never listed.
 */

/** Serves `usersApi.contacts`: email, display name and role of the accounts that exist. */
export function contactsRoute(users: UserService, secret: string, log: Logger): RouteHandler {
  return internalRoute(usersApi.contacts, {
    secret,
    log,
    async handler({ userIds }) {
      const found = await users.contactsOf(userIds);
      return {
        status: 200,
        body: { users: found.map((u) => ({ userId: u.id, email: u.email, displayName: u.displayName, role: u.role })) },
      };
    },
  });
}

/** Serves `usersApi.staffMembers`: the ids of employees and admins, a page at a time. */
export function staffMembersRoute(users: UserService, secret: string, log: Logger): RouteHandler {
  return internalRoute(usersApi.staffMembers, {
    secret,
    log,
    async handler({ after, first }) {
      return { status: 200, body: await users.staffPage(after, first) };
    },
  });
}
