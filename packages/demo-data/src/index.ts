export * from "./catalog.ts";
export * from "./comments.ts";
export { CATALOG_TREE } from "./catalog-data.ts";
export { Random } from "./random.ts";
export * from "./users.ts";
