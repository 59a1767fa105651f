import {
  assertId,
  BadUserInputError,
  cleanText,
  ConflictError,
  ForbiddenError,
  isUuid,
  NotFoundError,
  requireScope,
  SCOPES,
} from "@amazoff/kit";
import type { InventoryContext } from "../context.ts";
import type { ProductRef } from "../products/product.model.ts";
import { availabilityOf } from "./stock-rules.ts";
import type { Availability, StockLevel } from "./stock.model.ts";
import { MAX_UNITS, type StockRepository, type StockWriteOutcome } from "./stock.repository.ts";

/** Largest change one adjustment may make: a typo of a few extra digits is refused, not applied. */
export const MAX_DELTA = 1_000_000;
export const MAX_THRESHOLD = 1_000_000;

export interface AdjustStockInput {
  productId: string;
  storeId: string;
  delta: number;
  reason: string;
}

export interface SetLowStockThresholdInput {
  productId: string;
  storeId: string;
  threshold: number;
}

function validKey(input: { productId: string; storeId: string }) {
  return {
    productId: assertId(input.productId, "input.productId", "product id"),
    storeId: assertId(input.storeId, "input.storeId", "store id"),
  };
}

/** The audit trail names a user account; tokens always carry one (users' ids are UUIDs). */
function actorOf(ctx: InventoryContext): string {
  const viewer = requireScope(ctx.viewer, SCOPES.INVENTORY_WRITE);
  if (!isUuid(viewer.userId)) throw new ForbiddenError("Stock changes must be made by a user account");
  return viewer.userId;
}

function levelOrError(outcome: StockWriteOutcome, delta = 0): StockLevel {
  switch (outcome.kind) {
    case "ok":
      return outcome.level;
    case "store_not_found":
      throw new NotFoundError("No such store");
    case "below_reserved":
      throw new ConflictError(
        `Cannot remove ${-delta} unit(s): ${outcome.onHand} on hand, ${outcome.reserved} reserved for checkouts in progress`,
        { onHand: outcome.onHand, reserved: outcome.reserved },
      );
    case "too_large":
      throw new BadUserInputError(`\`input.delta\` would take the stock above ${MAX_UNITS} units`, "input.delta");
  }
}

/** Stock as the graph sees it: public availability, staff levels and staff changes. */
export class StockService {
  constructor(private readonly stock: StockRepository) {}

  /** For federation references: a malformed id is simply not one of ours. */
  byReference(id: unknown): ProductRef | null {
    return isUuid(id) ? { id: id.toLowerCase() } : null;
  }

  async availability(ctx: InventoryContext, product: ProductRef): Promise<Availability> {
    return availabilityOf(await ctx.loaders.productStock.load(product.id));
  }

  async inStock(ctx: InventoryContext, product: ProductRef): Promise<boolean> {
    return (await this.availability(ctx, product)).availableQuantity > 0;
  }

  levelsOf(ctx: InventoryContext, product: ProductRef): Promise<StockLevel[]> {
    requireScope(ctx.viewer, SCOPES.INVENTORY_READ);
    return ctx.loaders.stockLevels.load(product.id);
  }

  async adjust(ctx: InventoryContext, input: AdjustStockInput): Promise<StockLevel> {
    const actorId = actorOf(ctx);
    const key = validKey(input);
    if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_DELTA) {
      throw new BadUserInputError(`\`input.delta\` must be a non-zero whole number between -${MAX_DELTA} and ${MAX_DELTA}`, "input.delta");
    }
    const reason = cleanText(input.reason, "input.reason", { min: 3, max: 500, multiline: true });
    const level = levelOrError(await this.stock.adjust({ ...key, delta: input.delta, reason, actorId }), input.delta);
    ctx.log.info({ ...key, delta: input.delta, actorId }, "stock adjusted");
    return level;
  }

  async setThreshold(ctx: InventoryContext, input: SetLowStockThresholdInput): Promise<StockLevel> {
    const actorId = actorOf(ctx);
    const key = validKey(input);
    if (!Number.isInteger(input.threshold) || input.threshold < 0 || input.threshold > MAX_THRESHOLD) {
      throw new BadUserInputError(`\`input.threshold\` must be between 0 and ${MAX_THRESHOLD}`, "input.threshold");
    }
    const level = levelOrError(await this.stock.setThreshold({ ...key, threshold: input.threshold }));
    ctx.log.info({ ...key, threshold: input.threshold, actorId }, "low-stock threshold set");
    return level;
  }
}
