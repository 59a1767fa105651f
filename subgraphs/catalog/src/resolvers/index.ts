import { DateTimeScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { Category } from "./Category.ts";
import { CategoryFacet, PriceBucket } from "./Facets.ts";
import { archiveProduct } from "./Mutation/archiveProduct.ts";
import { createCategory } from "./Mutation/createCategory.ts";
import { createProduct } from "./Mutation/createProduct.ts";
import { createSupplier } from "./Mutation/createSupplier.ts";
import { restoreProduct } from "./Mutation/restoreProduct.ts";
import { updateCategory } from "./Mutation/updateCategory.ts";
import { updateProduct } from "./Mutation/updateProduct.ts";
import { updateSupplier } from "./Mutation/updateSupplier.ts";
import { supplier } from "./Query/supplier.ts";
import { suppliers } from "./Query/suppliers.ts";
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
  Query: { product, productBySlug, products, category, categoryBySlug, categories, supplier, suppliers },
  Mutation: {
    createProduct,
    updateProduct,
    archiveProduct,
    restoreProduct,
    createCategory,
    updateCategory,
    createSupplier,
    updateSupplier,
  },
  CategoryFacet,
  PriceBucket,
  Product,
  Category,
  Money,
};
