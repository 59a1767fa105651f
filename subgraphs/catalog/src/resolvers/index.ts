import { DateTimeScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { Category } from "./Category.ts";
import { Money } from "./Money.ts";
import { Product } from "./Product.ts";
import { categories } from "./Query/categories.ts";
import { category } from "./Query/category.ts";
import { categoryBySlug } from "./Query/categoryBySlug.ts";
import { product } from "./Query/product.ts";
import { productBySlug } from "./Query/productBySlug.ts";
import { products } from "./Query/products.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { product, productBySlug, products, category, categoryBySlug, categories },
  Product,
  Category,
  Money,
};
