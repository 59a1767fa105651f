import { describe, expect, it } from "vitest";
import { GraphQLError } from "./auth/graphql-error.ts";
import { createRouterErrorFormatter, isExposed } from "./errors.ts";

const format = (error: GraphQLError) => createRouterErrorFormatter()(error.toJSON(), error);
const fromSubgraph = (message: string, extensions: Record<string, unknown>, path: (string | number)[] = ["products", 0, "stock"]) =>
  new GraphQLError(message, { path, extensions: { ...extensions, serviceName: "inventory" } });

describe("the router's formatError", () => {
  it("keeps a subgraph's typed error whole, minus the HTTP and stack details", () => {
    const error = fromSubgraph("Only 2 left", {
      code: "CONFLICT",
      available: 2,
      stacktrace: ["at x"],
      response: { url: "http://inventory:4003/graphql", status: 409 },
    });
    expect(format(error)).toEqual({
      message: "Only 2 left",
      path: ["products", 0, "stock"],
      extensions: { code: "CONFLICT", available: 2, serviceName: "inventory" },
    });
  });

  it("keeps SUBGRAPH_UNAVAILABLE with its reason", () => {
    const error = fromSubgraph("The inventory service is unavailable", { code: "SUBGRAPH_UNAVAILABLE", reason: "unreachable" });
    expect(format(error).extensions).toEqual({ code: "SUBGRAPH_UNAVAILABLE", reason: "unreachable", serviceName: "inventory" });
  });

  it("masks anything else from a subgraph as INTERNAL, keeping the path and the subgraph's name", () => {
    for (const code of ["INTERNAL", "DOWNSTREAM_SERVICE_ERROR", "GRAPHQL_VALIDATION_FAILED", undefined]) {
      const error = fromSubgraph('column "x" does not exist', code ? { code } : {});
      expect(format(error), String(code)).toEqual({
        message: "Internal server error",
        path: ["products", 0, "stock"],
        extensions: { code: "INTERNAL", serviceName: "inventory" },
      });
      expect(isExposed(error)).toBe(false);
    }
  });

  it("formats the router's own errors as the kit does", () => {
    expect(format(new GraphQLError('Cannot query field "nope"', { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })).extensions).toEqual(
      { code: "GRAPHQL_VALIDATION_FAILED" },
    );
    expect(format(new GraphQLError("TypeError: x is undefined", { path: ["me"] }))).toEqual({
      message: "Internal server error",
      path: ["me"],
      extensions: { code: "INTERNAL" },
    });
  });
});
