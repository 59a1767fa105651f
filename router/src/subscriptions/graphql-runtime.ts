import { createRequire } from "node:module";

/**
 * graphql-js as Node loads it for everyone (its CommonJS build): the copy @apollo/gateway and the
 * federation libraries build their schemas with. graphql 16 also ships an ESM build that
 * bundler-style resolvers (vitest's) load for our own sources, and `validate` or variable coercion
 * refuse a schema built by the other copy ("from another module or realm"). See also
 * auth/graphql-error.ts.
 */
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export const { parse, validate, specifiedRules, getOperationAST, getVariableValues } = graphql;
