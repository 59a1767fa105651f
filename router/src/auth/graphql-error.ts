import { createRequire } from "node:module";
import type { GraphQLError as GraphQLErrorClass } from "graphql";

/**
 * The GraphQLError class Apollo Server checks errors against. graphql 16 ships a CommonJS build
 * (index.js, what Node loads for everyone) and an ESM build (index.mjs, what bundler-style
 * resolvers such as vitest's load for our own sources), with no "exports" map to unify them.
 * Apollo Server keeps an error's `path` only when `instanceof GraphQLError` holds for its copy,
 * so the errors the router adds to a response are built from the copy Node loads.
 */
export const GraphQLError: typeof GraphQLErrorClass = (
  createRequire(import.meta.url)("graphql") as { GraphQLError: typeof GraphQLErrorClass }
).GraphQLError;
export type GraphQLError = GraphQLErrorClass;
