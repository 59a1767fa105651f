import type { Role } from "@amazoff/kit";

/** An account as services and resolvers see it (no Prisma types, no password hash). */
export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  /**
   * When the account was erased (GDPR), null while it is active. An erased account keeps its row,
   * anonymised (email `deleted-<id>@deleted.invalid`, display name `Deleted user`), so that
   * other subgraphs' references (orders, reviews) still resolve; it can no longer sign in.
   */
  deletedAt: Date | null;
}

/** The display name an erased account shows to others. */
export const DELETED_DISPLAY_NAME = "Deleted user";

/** The email an erased account keeps: unique, unroutable (`.invalid`), naming nobody. */
export const deletedEmail = (id: string): string => `deleted-${id}@deleted.invalid`;

/** An account with its password hash: only sign-in and password changes ever load this. */
export interface UserCredentials extends User {
  passwordHash: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
}

/** Where a page of the staff listing starts: the last user of the previous page. */
export interface UserPosition {
  createdAt: string;
  id: string;
}

/** Outcome of a role change; the service turns the refusals into errors. */
export type RoleChange =
  | { kind: "changed" | "unchanged"; user: User }
  | { kind: "not_found" }
  | { kind: "partner" }
  | { kind: "last_admin" };
