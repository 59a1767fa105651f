/** Who the shop buys a product from (staff-only). */
export interface Supplier {
  id: string;
  name: string;
  contactEmail: string | null;
  country: string | null;
  createdAt: Date;
}
