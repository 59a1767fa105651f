import { ordersApi, usersApi } from "@amazoff/contracts";
import { internalClient, type Role } from "@amazoff/kit";

/** How to reach a user now (from the users subgraph, at send time). */
export interface Contact {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
}

/** What the notifications subgraph asks of the users and orders subgraphs (internal endpoints). */
export interface Peers {
  /** The accounts among `userIds` that exist, with their contact details; erased ones are left out. */
  contacts(userIds: readonly string[], requestId: string): Promise<Contact[]>;
  /** Every staff member's id (employees and admins). */
  staffIds(requestId: string): Promise<string[]>;
  /** Who placed an order; null when the orders subgraph knows no such order. */
  orderOwner(orderId: string, requestId: string): Promise<string | null>;
}

export function createPeers(options: { usersUrl: string; ordersUrl: string; secret: string; timeoutMs: number }): Peers {
  const users = internalClient(options.usersUrl, options.secret, options.timeoutMs);
  const orders = internalClient(options.ordersUrl, options.secret, options.timeoutMs);
  return {
    async contacts(userIds, requestId) {
      const found: Contact[] = [];
      for (let i = 0; i < userIds.length; i += usersApi.MAX_CONTACT_IDS) {
        const answer = await users.call(usersApi.contacts, { userIds: userIds.slice(i, i + usersApi.MAX_CONTACT_IDS) }, { requestId });
        found.push(...answer.body.users);
      }
      return found;
    },
    async staffIds(requestId) {
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { body } = await users.call(usersApi.staffMembers, { after, first: 500 }, { requestId });
        ids.push(...body.userIds);
        if (!body.hasMore || body.userIds.length === 0) return ids;
        after = body.userIds.at(-1);
      }
    },
    async orderOwner(orderId, requestId) {
      const answer = await orders.call(ordersApi.orderOwner, { orderId }, { requestId });
      return answer.status === 200 ? answer.body.userId : null;
    },
  };
}
