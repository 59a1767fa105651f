import { ConflictError } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { CatalogDb } from "../db.ts";
import type { Category } from "./category.model.ts";

// Reads are plain SQL through `db.sql`: see product.repository.ts.
interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
}

const COLUMNS = Prisma.sql`id, name, slug, parent_id`;
const toCategory = (row: CategoryRow): Category => ({ id: row.id, name: row.name, slug: row.slug, parentId: row.parent_id });

function slugConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError("Another category already has this slug", { field: "input.slug" });
  }
  throw error;
}

export class CategoryRepository {
  constructor(private readonly db: CatalogDb) {}

  /** The category and every category below it (any depth). */
  async subtreeIds(id: string): Promise<string[]> {
    const rows = await this.db.sql.query<{ id: string }>(Prisma.sql`
      WITH RECURSIVE tree AS (
        SELECT id FROM categories WHERE id = ${id}::uuid
        UNION ALL
        SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id
      )
      SELECT id FROM tree`);
    return rows.map((r) => r.id);
  }

  async create(data: { name: string; slug: string; parentId: string | null }): Promise<Category> {
    try {
      const row = await this.db.prisma.category.create({ data, select: { id: true, name: true, slug: true, parentId: true } });
      return row;
    } catch (error) {
      slugConflict(error);
    }
  }

  async update(id: string, data: { name?: string; slug?: string; parentId?: string | null }): Promise<Category | null> {
    try {
      const updated = await this.db.prisma.category.updateMany({ where: { id }, data });
      if (updated.count === 0) return null;
      return (await this.findByIds([id]))[0] ?? null;
    } catch (error) {
      slugConflict(error);
    }
  }

  async findByIds(ids: readonly string[]): Promise<Category[]> {
    const rows = await this.db.sql.query<CategoryRow>(Prisma.sql`SELECT ${COLUMNS} FROM categories WHERE id = ANY(${[...ids]}::uuid[])`);
    return rows.map(toCategory);
  }

  async findBySlug(slug: string): Promise<Category | null> {
    const rows = await this.db.sql.query<CategoryRow>(Prisma.sql`SELECT ${COLUMNS} FROM categories WHERE slug = ${slug}`);
    return rows[0] ? toCategory(rows[0]) : null;
  }

  /** Children of many parents at once (null: the top level), by name. */
  async findChildren(parentIds: readonly (string | null)[]): Promise<Category[]> {
    const ids = parentIds.filter((id): id is string => id !== null);
    const topLevel = parentIds.includes(null);
    const rows = await this.db.sql.query<CategoryRow>(Prisma.sql`
      SELECT ${COLUMNS} FROM categories
      WHERE parent_id = ANY(${ids}::uuid[]) ${topLevel ? Prisma.sql`OR parent_id IS NULL` : Prisma.empty}
      ORDER BY name, id`);
    return rows.map(toCategory);
  }
}
