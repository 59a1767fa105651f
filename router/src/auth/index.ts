import {
  createRevocationList,
  createTokenVerifier,
  jwksFromUrl,
  refuseRevoked,
  revocationFeedFromUrl,
  revocationsUrlFor,
  type Logger,
  type RevocationList,
} from "@amazoff/kit";
import { createApiKeyExchanger } from "./api-keys.ts";
import { createAuthenticator, type Authenticator } from "./authenticate.ts";
import { authorizeOperation, type AuthorizeInput, type OperationAuthorization } from "./authorize-operation.ts";
import { createAuthorizingGateway, type GatewayInterface } from "./authorizing-gateway.ts";
import { buildAuthorizationIndex, type AuthorizationIndex } from "./directives-index.ts";
import { createPolicyEvaluator } from "./policies.ts";
import { rememberVerifiedTokens } from "./verified-tokens.ts";
import type { RouterContext } from "../context.ts";

export { AuthenticationError, API_KEY_HEADER, type Authentication, type Authenticator } from "./authenticate.ts";
export type { OperationAuthorization } from "./authorize-operation.ts";
export { protectedCoordinates, type ProtectedCoordinate } from "./directives-index.ts";
export { POLICIES, createPolicyEvaluator } from "./policies.ts";
export { requirementAllows, describeRequirement, type AuthRequirement } from "./requirements.ts";

export interface RouterAuthOptions {
  /** The users subgraph's JWKS. Without it, access tokens and API keys are refused (anonymous requests still work). */
  jwksUrl?: string;
  /** The users subgraph's API key exchange. Without it (or without `jwksUrl` or `internalSecret`), API keys are refused. */
  apiKeyExchangeUrl?: string;
  /**
   * The internal secret, presented to the API key exchange and to the revocation feed (served by
   * the users subgraph beside its JWKS). Without it, revocations are not checked.
   */
  internalSecret?: string;
  /** Pause between two syncs of the revocation feed (default 1 s). */
  revocationsPollIntervalMs?: number;
  /** Longest an exchanged API key is reused (default 60 s, never past its token's expiry). */
  apiKeyCacheTtlMs?: number;
  /** How long a refused API key stays refused without asking the users subgraph (default 5 s). */
  apiKeyNegativeCacheTtlMs?: number;
  /** Fewest milliseconds between two JWKS downloads caused by unknown key ids (default 10 s). */
  jwksMinRefreshIntervalMs?: number;
}

/**
 * The router's authentication: tokens verified against the users subgraph's JWKS (each verified
 * once, then remembered until it expires) and, with the internal secret, checked on every request
 * against the revocation feed, like the subgraphs do; API keys exchanged at the users subgraph.
 */
export function createRouterAuthenticator(options: RouterAuthOptions, logger: Logger): Authenticator {
  if (!options.jwksUrl) return createAuthenticator({});
  const signed = rememberVerifiedTokens(
    createTokenVerifier(jwksFromUrl(options.jwksUrl), { minRefreshIntervalMs: options.jwksMinRefreshIntervalMs }),
  );
  let revocations: RevocationList | undefined;
  if (options.internalSecret) {
    revocations = createRevocationList({
      source: revocationFeedFromUrl(revocationsUrlFor(options.jwksUrl), options.internalSecret),
      log: logger,
      pollIntervalMs: options.revocationsPollIntervalMs,
    });
  } else {
    logger.warn(
      "no internal secret (INTERNAL_API_SECRET): revocations are not checked and API keys are refused; a signed-out session keeps working until its token expires",
    );
  }
  // The check runs on every request, after the cache of verified tokens.
  const verifier = revocations ? refuseRevoked(signed, revocations) : signed;
  const apiKeys =
    options.apiKeyExchangeUrl && options.internalSecret
      ? createApiKeyExchanger({
          exchangeUrl: options.apiKeyExchangeUrl,
          internalSecret: options.internalSecret,
          verifier: signed,
          revocations,
          logger,
          cacheTtlMs: options.apiKeyCacheTtlMs,
          negativeCacheTtlMs: options.apiKeyNegativeCacheTtlMs,
        })
      : undefined;
  return createAuthenticator({ verifier, apiKeys, revocations });
}

/**
 * The router's enforcement of the supergraph's authorization directives: `onSupergraph` (re)builds
 * the index each time the gateway accepts a supergraph, `wrap` puts the filter around the gateway.
 * A supergraph the gateway refused never reaches `onSupergraph`, so the previous index stays with
 * the previous schema. Should the index of an accepted supergraph fail to build, requests fail
 * closed until the next one loads (and the router refuses to start on its first).
 */
export function createRouterAuthorization(logger: Logger): {
  onSupergraph(supergraphSdl: string): void;
  wrap(gateway: GatewayInterface): GatewayInterface;
  /** The same enforcement for an operation that does not go through the gateway (subscriptions). */
  authorize(input: Pick<AuthorizeInput, "document" | "operation" | "viewer" | "variables">): OperationAuthorization;
} {
  const log = logger.child({ source: "authorization" });
  let index: AuthorizationIndex | undefined;
  let loaded = false;
  const evaluatePolicy = createPolicyEvaluator(log);
  return {
    onSupergraph(supergraphSdl) {
      try {
        index = buildAuthorizationIndex(supergraphSdl);
        log.info({ protected: index.coordinates.length }, "authorization index built");
      } catch (error) {
        if (!loaded) throw error;
        index = undefined;
        log.error({ err: error }, "authorization index failed to build; refusing every operation until the next supergraph");
      }
      loaded = true;
    },
    wrap: (gateway) =>
      createAuthorizingGateway(gateway, {
        index: () => index,
        viewerOf: (context) => (context as RouterContext).viewer ?? null,
        evaluatePolicy,
        logger,
      }),
    authorize: (input) => authorizeOperation({ ...input, index, evaluatePolicy, log }),
  };
}
