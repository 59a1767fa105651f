import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Generated TypeScript, never committed (`npm run codegen`; turbo runs it before typecheck).
 * - Resolver types per subgraph, from its schema-first SDL, with `federation: true` so
 *   `__resolveReference` is typed, and mappers so resolvers receive our domain models.
 * - The web client's typed documents are added here by the web client issue.
 */
const scalars = { DateTime: { input: "Date", output: "Date | string" } };

function subgraph(name: string, contextType: string, mappers: Record<string, string>): CodegenConfig["generates"] {
  return {
    [`subgraphs/${name}/src/generated/graphql.ts`]: {
      schema: `subgraphs/${name}/schema.graphql`,
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType,
        mappers,
        scalars,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        resolversNonOptionalTypename: false,
        maybeValue: "T | null",
        mapperTypeSuffix: "Model",
      },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...subgraph("catalog", "../context.ts#CatalogContext", {
      Product: "../products/product.model.ts#Product",
      Category: "../categories/category.model.ts#Category",
      ProductConnection: "@amazoff/kit#Connection<ProductModel>",
      Money: "@amazoff/kit#Money",
    }),
  },
};

export default config;
