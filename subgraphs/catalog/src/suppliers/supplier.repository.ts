import { ConflictError } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { CatalogDb } from "../db.ts";
import type { Supplier } from "./supplier.model.ts";

const select = { id: true, name: true, contactEmail: true, country: true, createdAt: true } satisfies Prisma.SupplierSelect;

function nameConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError("Another supplier already has this name", { field: "input.name" });
  }
  throw error;
}

export class SupplierRepository {
  constructor(private readonly db: CatalogDb) {}

  findByIds(ids: readonly string[]): Promise<Supplier[]> {
    return this.db.prisma.supplier.findMany({ where: { id: { in: [...ids] } }, select });
  }

  /** By name, after `afterName` (keyset on the unique name); `take` includes the look-ahead row. */
  list(afterName: string | undefined, take: number): Promise<Supplier[]> {
    return this.db.prisma.supplier.findMany({
      where: afterName ? { name: { gt: afterName } } : {},
      orderBy: { name: "asc" },
      take,
      select,
    });
  }

  count(): Promise<number> {
    return this.db.prisma.supplier.count();
  }

  async create(data: { name: string; contactEmail: string | null; country: string | null }): Promise<Supplier> {
    try {
      return await this.db.prisma.supplier.create({ data, select });
    } catch (error) {
      nameConflict(error);
    }
  }

  async update(id: string, data: { name?: string; contactEmail?: string | null; country?: string | null }): Promise<Supplier | null> {
    try {
      const updated = await this.db.prisma.supplier.updateMany({ where: { id }, data });
      return updated.count ? ((await this.findByIds([id]))[0] ?? null) : null;
    } catch (error) {
      nameConflict(error);
    }
  }
}
