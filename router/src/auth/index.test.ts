import { createLogger } from "@amazoff/kit";
import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { composeSupergraph } from "../../test/support/compose.ts";
import { SHOP_SDL } from "../../test/support/schemas.ts";
import type { GatewayInterface } from "./authorizing-gateway.ts";
import { createRouterAuthorization } from "./index.ts";

const logger = createLogger({ service: "test", level: "silent" });
const supergraph = composeSupergraph({ shop: { sdl: SHOP_SDL } });

/** A gateway whose executor records what it was asked to run. */
function fakeGateway() {
  const executor = vi.fn(async (_rc: unknown) => ({ data: { publicNote: "public" } }));
  const gateway = {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate: () => () => {},
    stop: async () => {},
  } as unknown as GatewayInterface;
  return { gateway, executor };
}

function requestContext(query: string) {
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return {
    request: { query, variables: {} },
    document,
    operation,
    queryHash: "h",
    context: { viewer: null },
    response: { http: { headers: new Map() } },
  };
}

describe("createRouterAuthorization", () => {
  it("hands the gateway the filtered operation under its own plan key", async () => {
    const authorization = createRouterAuthorization(logger);
    authorization.onSupergraph(supergraph);
    const { gateway, executor } = fakeGateway();
    const { executor: wrapped } = await authorization.wrap(gateway).load({ apollo: {} });
    const result = await wrapped!(requestContext("{ publicNote staffNote }") as never);
    expect(executor).toHaveBeenCalledTimes(1);
    const passed = executor.mock.calls[0]![0] as { queryHash: string; operation: OperationDefinitionNode };
    expect(passed.queryHash).not.toBe("h");
    expect(passed.operation.selectionSet.selections).toHaveLength(1);
    expect(result).toMatchObject({
      data: { publicNote: "public", staffNote: null },
      errors: [{ path: ["staffNote"], extensions: { code: "UNAUTHENTICATED" } }],
    });
  });

  it("refuses to start on a supergraph whose index cannot be built", () => {
    expect(() => createRouterAuthorization(logger).onSupergraph("not a supergraph {")).toThrow();
  });

  it("fails closed when a later supergraph's index cannot be built", async () => {
    const authorization = createRouterAuthorization(logger);
    authorization.onSupergraph(supergraph);
    authorization.onSupergraph("not a supergraph {");
    const { gateway, executor } = fakeGateway();
    const { executor: wrapped } = await authorization.wrap(gateway).load({ apollo: {} });
    const result = await wrapped!(requestContext("{ publicNote }") as never);
    expect(executor).not.toHaveBeenCalled();
    expect(result).toMatchObject({ errors: [{ extensions: { code: "INTERNAL" } }] });
    authorization.onSupergraph(supergraph);
    await wrapped!(requestContext("{ publicNote }") as never);
    expect(executor).toHaveBeenCalledTimes(1);
  });
});
