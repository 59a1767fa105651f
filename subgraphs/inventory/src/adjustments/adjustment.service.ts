import { assertId, decodeCursor, pageSize, requireScope, SCOPES, toConnection, type Connection, type PageArgs } from "@amazoff/kit";
import { z } from "zod";
import type { InventoryContext } from "../context.ts";
import type { AdjustmentFilter, AdjustmentPosition, StockAdjustment } from "./adjustment.model.ts";
import type { AdjustmentRepository } from "./adjustment.repository.ts";

const positionSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** The stock audit trail (staff). */
export class AdjustmentService {
  constructor(private readonly adjustments: AdjustmentRepository) {}

  async list(
    ctx: InventoryContext,
    args: PageArgs & { productId?: string | null; storeId?: string | null },
  ): Promise<Connection<StockAdjustment>> {
    requireScope(ctx.viewer, SCOPES.INVENTORY_READ);
    const size = pageSize(args.first);
    const filter: AdjustmentFilter = {
      productId: args.productId ? assertId(args.productId, "productId", "product id") : undefined,
      storeId: args.storeId ? assertId(args.storeId, "storeId", "store id") : undefined,
    };
    const after = args.after ? decodeCursor(args.after, positionSchema) : undefined;
    const rows = size === 0 ? [] : await this.adjustments.list({ filter, after, take: size + 1 });
    return toConnection(rows, size, (a): AdjustmentPosition => ({ createdAt: a.createdAt.toISOString(), id: a.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.adjustments.count(filter),
    });
  }
}
