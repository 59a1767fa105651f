import { GraphQLError } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { BadUserInputError, createErrorFormatter, ErrorCode, INTERNAL_MESSAGE, NotFoundError } from "./errors.ts";

describe("createErrorFormatter", () => {
  const format = (error: GraphQLError) => {
    const onInternal = vi.fn();
    const formatted = createErrorFormatter(onInternal)(error.toJSON(), error);
    return { formatted, onInternal };
  };

  it("passes our own errors through with their code and details", () => {
    const { formatted, onInternal } = format(new BadUserInputError("`first` must be at most 100", "first", { max: 100 }));
    expect(formatted).toMatchObject({
      message: "`first` must be at most 100",
      extensions: { code: "BAD_USER_INPUT", field: "first", max: 100 },
    });
    expect(onInternal).not.toHaveBeenCalled();
  });

  it("passes GraphQL request errors through (validation, parse)", () => {
    const error = new GraphQLError('Cannot query field "nope"', { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(format(error).formatted.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("masks unexpected errors as INTERNAL without message, SQL or stack", () => {
    const cause = new Error('duplicate key value violates unique constraint "products_sku_key" SELECT * FROM products');
    const error = new GraphQLError(cause.message, { originalError: cause, path: ["product"], extensions: { stacktrace: ["at x"] } });
    const { formatted, onInternal } = format(error);
    expect(formatted).toEqual({ message: INTERNAL_MESSAGE, path: ["product"], extensions: { code: ErrorCode.INTERNAL } });
    expect(JSON.stringify(formatted)).not.toMatch(/SELECT|products_sku_key|at x/);
    expect(onInternal).toHaveBeenCalledWith(cause);
  });

  it("strips stack traces even from known codes", () => {
    const error = new NotFoundError("no such product");
    error.extensions.stacktrace = ["Error: no such product", "    at secret.ts:1"];
    expect(format(error).formatted.extensions).toEqual({ code: "NOT_FOUND" });
  });

  it("gives Apollo Server's uncoded refusals of a malformed request (4xx) the code BAD_REQUEST", () => {
    const error = new GraphQLError("provided sha does not match query", { extensions: { http: { status: 400, headers: new Map() } } });
    const { formatted, onInternal } = format(error);
    expect(formatted).toEqual({ message: "provided sha does not match query", extensions: { code: "BAD_REQUEST" } });
    expect(onInternal).not.toHaveBeenCalled();
    // As Apollo Server's ESM build raises it: a GraphQLError of another copy of graphql-js.
    const foreign = Object.assign(new Error("Unsupported persisted query version"), { extensions: { http: { status: 400 } } });
    expect(
      createErrorFormatter(onInternal)({ message: foreign.message, extensions: { code: "INTERNAL_SERVER_ERROR" } }, foreign).extensions
        ?.code,
    ).toBe("BAD_REQUEST");
  });

  it("still masks an uncoded error without a client status", () => {
    const error = new GraphQLError("boom", { extensions: { http: { status: 500 } } });
    expect(format(error).formatted.extensions?.code).toBe("INTERNAL");
  });

  it("treats a made-up code as internal", () => {
    const error = new GraphQLError("boom", { extensions: { code: "SOMETHING_ELSE" } });
    expect(format(error).formatted.extensions?.code).toBe("INTERNAL");
  });
});
