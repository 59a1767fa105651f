import { assertId, BadUserInputError, isUuid, NotFoundError, requireScope, SCOPES } from "@amazoff/kit";
import { slugify } from "@amazoff/demo-data";
import * as rules from "../validation.ts";
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

  async create(ctx: CatalogContext, input: { name: string; slug?: string | null; parentId?: string | null }): Promise<Category> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const name = rules.text(input.name, "name", 2, 100);
    const parentId = input.parentId ? await this.existing(input.parentId, "parentId") : null;
    return this.categories.create({ name, slug: input.slug ? rules.slug(input.slug) : slugify(name), parentId });
  }

  async update(
    ctx: CatalogContext,
    id: string,
    input: { name?: string | null; slug?: string | null; parentId?: string | null },
  ): Promise<Category> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const categoryId = assertId(id, "id", "category id");
    const data: { name?: string; slug?: string; parentId?: string | null } = {};
    if (input.name != null) data.name = rules.text(input.name, "name", 2, 100);
    if (input.slug != null) data.slug = rules.slug(input.slug);
    if (input.parentId !== undefined) {
      if (input.parentId === null) data.parentId = null;
      else {
        const parentId = await this.existing(input.parentId, "parentId");
        // A category cannot move under itself or one of its own descendants.
        if ((await this.categories.subtreeIds(categoryId)).includes(parentId)) {
          throw new BadUserInputError("A category cannot be moved under itself or its subcategories", "input.parentId");
        }
        data.parentId = parentId;
      }
    }
    const updated = await this.categories.update(categoryId, data);
    if (!updated) throw new NotFoundError("No such category");
    ctx.loaders.category.clear(categoryId).prime(categoryId, updated);
    return updated;
  }

  private async existing(id: string, field: string): Promise<string> {
    const categoryId = rules.id(id, field, "category id");
    if (!(await this.categories.findByIds([categoryId])).length) throw new BadUserInputError("No such category", `input.${field}`);
    return categoryId;
  }
}
