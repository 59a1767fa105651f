import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createErrorFormatter } from "../errors.ts";
import { unstorableTextGuard } from "./unstorable-text.plugin.ts";

let server: ApolloServer;
const calls: unknown[] = [];

beforeAll(async () => {
  server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(`type Query { echo(text: String, input: In): String } input In { name: String, tags: [String!] }`),
      resolvers: {
        Query: {
          echo: (_: unknown, args: unknown) => {
            calls.push(args);
            return "ok";
          },
        },
      },
    }),
    formatError: createErrorFormatter(() => {}),
    plugins: [ApolloServerPluginInlineTraceDisabled(), unstorableTextGuard()],
  });
  await server.start();
});

afterAll(() => server.stop());

const run = async (query: string, variables?: Record<string, unknown>) => {
  calls.length = 0;
  const response = await server.executeOperation({ query, variables });
  if (response.body.kind !== "single") throw new Error("unexpected incremental response");
  return { status: response.http.status, ...response.body.singleResult };
};

describe("unstorableTextGuard", () => {
  it.each([
    ["a NUL in a literal", `{ echo(text: "a\\u0000b") }`, undefined, "text"],
    ["a NUL in a nested literal", `{ echo(input: { tags: ["ok", "\\u0000"] }) }`, undefined, "input.tags"],
    ["a NUL in a variable", `query($t: String) { echo(text: $t) }`, { t: "x\u0000" }, "text"],
    ["a lone surrogate deep in a variable", `query($i: In) { echo(input: $i) }`, { i: { tags: ["ok", "\uDC00"] } }, "input.tags"],
    ["a NUL in a variable inside a literal", `query($n: String) { echo(input: { name: $n }) }`, { n: "\u0000" }, "input.name"],
  ])("refuses %s with BAD_USER_INPUT naming where, in a 200, and runs no resolver", async (_case, query, variables, field) => {
    const result = await run(query, variables);
    expect(result.status, JSON.stringify(result.errors)).toBe(200);
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field } })]);
    expect(calls).toEqual([]);
  });

  it("lets every other text through, controls and emoji included (services apply their own rules)", async () => {
    const result = await run(`query($t: String) { echo(text: $t, input: { name: "é\\n🙂" }) }`, { t: "\u202Etab\there" });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });
});
