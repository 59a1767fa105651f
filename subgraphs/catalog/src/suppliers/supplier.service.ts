import {
  assertId,
  decodeCursor,
  NotFoundError,
  pageSize,
  requireScope,
  SCOPES,
  toConnection,
  type Connection,
  type PageArgs,
} from "@amazoff/kit";
import { z } from "zod";
import type { CatalogContext } from "../context.ts";
import * as rules from "../validation.ts";
import type { Supplier } from "./supplier.model.ts";
import type { SupplierRepository } from "./supplier.repository.ts";

/** Suppliers are staff-only: every method checks the catalog:write scope itself. */
export class SupplierService {
  constructor(private readonly suppliers: SupplierRepository) {}

  async byId(ctx: CatalogContext, id: string): Promise<Supplier | null> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    return ctx.loaders.supplier.load(assertId(id, "id", "supplier id"));
  }

  async ofProduct(ctx: CatalogContext, supplierId: string | null): Promise<Supplier | null> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    return supplierId ? ctx.loaders.supplier.load(supplierId) : null;
  }

  async list(ctx: CatalogContext, args: PageArgs): Promise<Connection<Supplier>> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const size = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, z.object({ name: z.string().max(300) })) : undefined;
    const rows = size === 0 ? [] : await this.suppliers.list(after?.name, size + 1);
    return toConnection(rows, size, (s) => ({ name: s.name }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.suppliers.count(),
    });
  }

  async create(ctx: CatalogContext, input: { name: string; contactEmail?: string | null; country?: string | null }): Promise<Supplier> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    return this.suppliers.create({
      name: rules.text(input.name, "name", 2, 200),
      contactEmail: rules.email(input.contactEmail),
      country: rules.country(input.country),
    });
  }

  async update(
    ctx: CatalogContext,
    id: string,
    input: { name?: string | null; contactEmail?: string | null; country?: string | null },
  ): Promise<Supplier> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const supplierId = assertId(id, "id", "supplier id");
    const updated = await this.suppliers.update(supplierId, {
      ...(input.name != null ? { name: rules.text(input.name, "name", 2, 200) } : {}),
      ...(input.contactEmail !== undefined ? { contactEmail: rules.email(input.contactEmail) } : {}),
      ...(input.country !== undefined ? { country: rules.country(input.country) } : {}),
    });
    if (!updated) throw new NotFoundError("No such supplier");
    return updated;
  }
}
