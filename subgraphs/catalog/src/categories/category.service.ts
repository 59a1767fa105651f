import { assertId, isUuid } from "@amazoff/kit";
import type { CatalogContext } from "../context.ts";
import type { Category } from "./category.model.ts";
import type { CategoryRepository } from "./category.repository.ts";
import { TOP_LEVEL } from "../loaders.ts";

export class CategoryService {
  constructor(private readonly categories: CategoryRepository) {}

  byId(ctx: CatalogContext, id: string): Promise<Category | null> {
    return ctx.loaders.category.load(assertId(id, "id", "category id"));
  }

  byReference(ctx: CatalogContext, id: unknown): Promise<Category | null> {
    return isUuid(id) ? ctx.loaders.category.load(id.toLowerCase()) : Promise.resolve(null);
  }

  async bySlug(ctx: CatalogContext, slug: string): Promise<Category | null> {
    if (slug.length > 200) return null;
    const category = await this.categories.findBySlug(slug);
    if (category) ctx.loaders.category.prime(category.id, category);
    return category;
  }

  topLevel(ctx: CatalogContext): Promise<Category[]> {
    return ctx.loaders.categoryChildren.load(TOP_LEVEL);
  }

  children(ctx: CatalogContext, category: Category): Promise<Category[]> {
    return ctx.loaders.categoryChildren.load(category.id);
  }

  async parent(ctx: CatalogContext, category: Category): Promise<Category | null> {
    return category.parentId ? ctx.loaders.category.load(category.parentId) : null;
  }
}
