/** Stock of one product in one store. */
export interface StockLevel {
  productId: string;
  storeId: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  updatedAt: Date;
}

/** A product's stock summed over the active stores. */
export interface ProductStock {
  productId: string;
  /** sum(on_hand - reserved) */
  available: number;
  /** sum(low_stock_threshold): the network-wide low-stock level. */
  threshold: number;
}

export type AvailabilityStatus = "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";

export interface Availability {
  status: AvailabilityStatus;
  availableQuantity: number;
}
