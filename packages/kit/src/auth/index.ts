export * from "./claims.ts";
export * from "./guards.ts";
export * from "./revocations.ts";
export * from "./roles.ts";
export * from "./verifier.ts";
