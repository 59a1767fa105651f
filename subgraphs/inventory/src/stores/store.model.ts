export type StoreKind = "WAREHOUSE" | "STORE";

/** A store or warehouse as services and resolvers see it (no Prisma types past the repository). */
export interface Store {
  id: string;
  code: string;
  name: string;
  kind: StoreKind;
  city: string;
  country: string;
  active: boolean;
}
