import { createHash } from "node:crypto";
import { usersApi } from "@amazoff/contracts";
import {
  callEndpoint,
  type EndpointAnswer,
  InternalCallError,
  UnauthenticatedError,
  type Logger,
  type RevocationList,
  type TokenVerifier,
  type Viewer,
} from "@amazoff/kit";
import { tokenExpiry } from "./verified-tokens.ts";

export interface ApiKeyExchangeOptions {
  /** The users subgraph's `POST /internal/api-keys/exchange`. */
  exchangeUrl: string;
  /** Presented to the exchange, an internal endpoint. */
  internalSecret: string;
  /** Verifies the minted token like any other. */
  verifier: TokenVerifier;
  /** Checked on every use, cached or not: a revoked key stops working when its revocation arrives. */
  revocations?: RevocationList;
  logger: Logger;
  /** Longest a successful exchange is reused (never past its token's expiry). */
  cacheTtlMs?: number;
  /** How long a refused key is refused without asking again. */
  negativeCacheTtlMs?: number;
  /** A cached token is dropped this long before it expires, so it never reaches a subgraph expired. */
  expiryMarginMs?: number;
  maxEntries?: number;
  timeoutMs?: number;
  /** For tests. */
  now?: () => number;
}

export interface ApiKeyIdentity {
  /** The access token minted for the key, forwarded to subgraphs. */
  token: string;
  viewer: Viewer;
}

export interface ApiKeyExchanger {
  /**
   * The identity behind an API key; throws UNAUTHENTICATED when the key is not valid or was
   * revoked. `clientAddress` is forwarded to the exchange, which throttles failures per address.
   */
  exchange(apiKey: string, clientAddress?: string, options?: ExchangeOptions): Promise<ApiKeyIdentity>;
}

export interface ExchangeOptions {
  /**
   * The token must stay valid at least this long: a cached one closer to its expiry is exchanged
   * again. For identities that outlive a request (a WebSocket connection ends when its token does).
   */
  minValidityMs?: number;
}

type Entry = { identity: ApiKeyIdentity; expiresAt: number } | { identity: null; expiresAt: number };

/**
 * Exchanges partners' API keys for access tokens at the users subgraph. Results are cached by
 * the key's SHA-256 (the key itself is never kept): a success until shortly before the token
 * expires, a refusal for a few seconds (so a wrong key cannot make us hammer the users subgraph).
 * Concurrent requests with the same key share one exchange. Failures to reach the users subgraph
 * are not cached. A cached success is checked against the revocations on every use.
 */
export function createApiKeyExchanger(options: ApiKeyExchangeOptions): ApiKeyExchanger {
  const log = options.logger.child({ source: "api-keys" });
  const now = options.now ?? Date.now;
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const negativeTtlMs = options.negativeCacheTtlMs ?? 5_000;
  const marginMs = options.expiryMarginMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();

  const remember = (hash: string, entry: Entry) => {
    cache.delete(hash);
    if (cache.size >= maxEntries) {
      // Drop the oldest entries (a Map iterates in insertion order).
      for (const key of cache.keys()) {
        cache.delete(key);
        if (cache.size < maxEntries * 0.9) break;
      }
    }
    cache.set(hash, entry);
  };

  async function ask(apiKey: string, clientAddress: string | undefined): Promise<Entry> {
    let answer: EndpointAnswer<typeof usersApi.apiKeyExchange>;
    try {
      answer = await callEndpoint(
        options.exchangeUrl,
        usersApi.apiKeyExchange,
        { apiKey },
        {
          secret: options.internalSecret,
          timeoutMs: options.timeoutMs ?? 3_000,
          headers: clientAddress ? { "x-forwarded-for": clientAddress } : {},
        },
      );
    } catch (error) {
      if (error instanceof InternalCallError) log.error({ status: error.status, url: options.exchangeUrl }, "API key exchange failed");
      else log.error({ err: error, url: options.exchangeUrl }, "API key exchange unreachable");
      throw unavailable();
    }
    if (answer.status === 401 && answer.body.error === "invalid_api_key") return { identity: null, expiresAt: now() + negativeTtlMs };
    if (answer.status === 401) {
      // Our secret was refused: no key can be checked until the configuration is fixed.
      log.error({ url: options.exchangeUrl }, "the API key exchange refused the internal secret (INTERNAL_API_SECRET differs)");
      throw unavailable();
    }
    if (answer.status !== 200) {
      log.error({ status: answer.status, url: options.exchangeUrl }, "API key exchange failed");
      throw unavailable();
    }
    const { accessToken, expiresIn } = answer.body;
    const viewer = await options.verifier.verify(accessToken).catch((error: unknown) => {
      log.error({ err: error }, "the users subgraph minted a token for an API key that does not verify");
      throw unavailable();
    });
    if (viewer.via !== "api-key") {
      log.error({ userId: viewer.userId }, "the users subgraph minted a token without an API key id (akid)");
      throw unavailable();
    }
    const expiresAt = Math.min(now() + cacheTtlMs, now() + expiresIn * 1000 - marginMs);
    return { identity: { token: accessToken, viewer }, expiresAt };
  }

  return {
    async exchange(apiKey, clientAddress, exchangeOptions) {
      const hash = createHash("sha256").update(apiKey).digest("hex");
      let entry = cache.get(hash);
      const minValidityMs = exchangeOptions?.minValidityMs ?? 0;
      const tooShort = (candidate: Entry) => candidate.identity !== null && tokenExpiry(candidate.identity.token) - now() < minValidityMs;
      if (!entry || entry.expiresAt <= now() || tooShort(entry)) {
        let pending = inFlight.get(hash);
        if (!pending) {
          pending = ask(apiKey, clientAddress).finally(() => inFlight.delete(hash));
          inFlight.set(hash, pending);
        }
        entry = await pending;
        if (entry.expiresAt > now()) remember(hash, entry);
      }
      if (!entry.identity) throw new UnauthenticatedError("Invalid API key");
      options.revocations?.check(entry.identity.viewer);
      return entry.identity;
    },
  };
}

const unavailable = () => new UnauthenticatedError("The API key could not be checked; try again");
