import { CART_LIMITS } from "@amazoff/contracts";
import type { Money } from "@amazoff/kit";

/** Most units of one product a line may hold (also a CHECK constraint in the migration). */
export const MAX_LINE_QUANTITY = CART_LIMITS.lineQuantity;
/** Most lines (distinct products) a cart may hold. */
export const MAX_LINES = CART_LIMITS.lines;

/** A cart as services and resolvers see it (no Prisma types past the repository). */
export interface Cart {
  id: string;
  /** The owner; null for a guest cart. */
  userId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored line: what the database knows (no price: prices are the catalog's). */
export interface StoredItem {
  cartId: string;
  productId: string;
  quantity: number;
}

/** A reference to another subgraph's entity: only its key. */
export interface EntityRef {
  id: string;
}

/** A line as the API shows it: the stored line priced at the catalog's current price. */
export interface CartLine {
  product: EntityRef;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}
