/** Account roles (the `role` claim). */
export const ROLES = ["CUSTOMER", "EMPLOYEE", "ADMIN", "PARTNER"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Scopes: what a token may do. Resource first, then the action, then (for reads and writes of
 * things people own) whether it is the caller's own or anyone's.
 */
export const SCOPES = {
  CATALOG_READ: "catalog:read",
  CATALOG_WRITE: "catalog:write",
  INVENTORY_READ: "inventory:read",
  INVENTORY_WRITE: "inventory:write",
  ORDERS_READ_OWN: "orders:read:own",
  ORDERS_READ_ANY: "orders:read:any",
  ORDERS_WRITE_OWN: "orders:write:own",
  ORDERS_WRITE_ANY: "orders:write:any",
  CART_WRITE_OWN: "cart:write:own",
  USERS_READ_OWN: "users:read:own",
  USERS_WRITE_OWN: "users:write:own",
  USERS_READ_ANY: "users:read:any",
  USERS_ADMIN: "users:admin",
  REVIEWS_WRITE_OWN: "reviews:write:own",
  REVIEWS_MODERATE: "reviews:moderate",
  /** Post comments, and edit or delete one's own (customers, staff, partner keys granted it). */
  COMMENTS_WRITE: "comments:write",
  /** Delete anyone's comment, with a reason (staff). */
  COMMENTS_MODERATE: "comments:moderate",
} as const;
export type Scope = (typeof SCOPES)[keyof typeof SCOPES];
export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);

const CUSTOMER_SCOPES: Scope[] = [
  SCOPES.CATALOG_READ,
  SCOPES.ORDERS_READ_OWN,
  SCOPES.ORDERS_WRITE_OWN,
  SCOPES.CART_WRITE_OWN,
  SCOPES.USERS_READ_OWN,
  SCOPES.USERS_WRITE_OWN,
  SCOPES.REVIEWS_WRITE_OWN,
  SCOPES.COMMENTS_WRITE,
];

const EMPLOYEE_SCOPES: Scope[] = [
  ...CUSTOMER_SCOPES,
  SCOPES.CATALOG_WRITE,
  SCOPES.INVENTORY_READ,
  SCOPES.INVENTORY_WRITE,
  SCOPES.ORDERS_READ_ANY,
  SCOPES.ORDERS_WRITE_ANY,
  SCOPES.USERS_READ_ANY,
  SCOPES.REVIEWS_MODERATE,
  SCOPES.COMMENTS_MODERATE,
];

/** Scopes a partner's API key may be granted (a key holds a subset, chosen by an admin). */
export const PARTNER_GRANTABLE_SCOPES: readonly Scope[] = [
  SCOPES.CATALOG_READ,
  SCOPES.INVENTORY_READ,
  SCOPES.ORDERS_READ_OWN,
  // A partner may post comments for its own integration (as itself, rate limited per key).
  SCOPES.COMMENTS_WRITE,
];

/** The scopes a role's access token carries. Partners' tokens carry their API key's scopes. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  CUSTOMER: CUSTOMER_SCOPES,
  EMPLOYEE: EMPLOYEE_SCOPES,
  ADMIN: ALL_SCOPES,
  PARTNER: [SCOPES.CATALOG_READ],
};

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);
export const isStaff = (role: Role): boolean => role === "EMPLOYEE" || role === "ADMIN";
