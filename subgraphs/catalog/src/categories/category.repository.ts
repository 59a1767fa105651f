import type { CatalogDb } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Category } from "./category.model.ts";

const categorySelect = { id: true, name: true, slug: true, parentId: true } satisfies Prisma.CategorySelect;

export class CategoryRepository {
  constructor(private readonly db: CatalogDb) {}

  findByIds(ids: readonly string[]): Promise<Category[]> {
    return this.db.category.findMany({ where: { id: { in: [...ids] } }, select: categorySelect });
  }

  findBySlug(slug: string): Promise<Category | null> {
    return this.db.category.findUnique({ where: { slug }, select: categorySelect });
  }

  /** Children of many parents at once (null: the top level), by name. */
  findChildren(parentIds: readonly (string | null)[]): Promise<Category[]> {
    const ids = parentIds.filter((id): id is string => id !== null);
    const where: Prisma.CategoryWhereInput = parentIds.includes(null)
      ? { OR: [{ parentId: { in: ids } }, { parentId: null }] }
      : { parentId: { in: ids } };
    return this.db.category.findMany({ where, select: categorySelect, orderBy: [{ name: "asc" }, { id: "asc" }] });
  }
}
