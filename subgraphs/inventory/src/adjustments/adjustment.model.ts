export type StockAdjustmentKind = "MANUAL" | "SALE" | "RETURN" | "INITIAL";

/** One entry of the stock audit trail. */
export interface StockAdjustment {
  id: string;
  productId: string;
  storeId: string;
  kind: StockAdjustmentKind;
  delta: number;
  onHandAfter: number;
  reason: string;
  actorId: string | null;
  reservationId: string | null;
  createdAt: Date;
}

/** Where a page of the (newest-first) audit trail starts: the last adjustment of the previous page. */
export interface AdjustmentPosition {
  createdAt: string;
  id: string;
}

export interface AdjustmentFilter {
  productId?: string;
  storeId?: string;
}
