export * from "./client.ts";
export * from "./cluster.ts";
export * from "./migrate.ts";
export * from "./limiter.ts";
export * from "./subgraph-db.ts";
