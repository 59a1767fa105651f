/** A shipping address (no Prisma types past the repository). */
export interface Address {
  id: string;
  userId: string;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
  isDefault: boolean;
  createdAt: Date;
}

/** Validated fields of a new address. */
export interface AddressData {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
  isDefault: boolean;
}

/** Validated changes: absent keys stay as they are. */
export type AddressChanges = Partial<AddressData>;

/** Outcome of an address write; the service turns the refusals into errors. */
export type AddressWrite<T> =
  | { kind: "ok"; value: T }
  | { kind: "not_found" }
  | { kind: "not_owner" }
  | { kind: "limit" }
  | { kind: "keep_default" };
