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

export class CategoryRepository {
  constructor(private readonly db: CatalogDb) {}

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
