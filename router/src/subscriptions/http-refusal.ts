import { GraphQLError } from "../auth/graphql-error.ts";
import type { GatewayInterface } from "../auth/authorizing-gateway.ts";

export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  "Subscriptions are served over WebSocket (graphql-transport-ws) at this same URL; send queries and mutations over HTTP";

/**
 * Answers a subscription sent over HTTP with 400 BAD_REQUEST and where to send it. The gateway
 * executes no subscription: it threw, and the client got a 500 INTERNAL for its own mistake.
 */
export function refuseSubscriptionsOverHttp(inner: GatewayInterface): GatewayInterface {
  return {
    async load(loadOptions) {
      const { executor } = await inner.load(loadOptions);
      if (!executor) return { executor };
      return {
        executor: (requestContext) =>
          requestContext.operation?.operation === "subscription"
            ? Promise.resolve({
                errors: [new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, { extensions: { code: "BAD_REQUEST", http: { status: 400 } } })],
              })
            : executor(requestContext),
      };
    },
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
  };
}
