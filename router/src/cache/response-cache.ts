import { createHash } from "node:crypto";
import type { HTTPGraphQLRequest } from "@apollo/server";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";

export interface ResponseCacheOptions {
  /** How long a response is served from the cache. 0 turns the cache off. */
  ttlMs: number;
  /** Most responses kept (least recently used go first). */
  maxEntries?: number;
  /**
   * Root fields whose answers are the same for every anonymous caller and may be a few seconds
   * old, as `Query.products`. An operation is cached only if every root field it selects is here.
   */
  cacheableRootFields: ReadonlySet<string>;
}

export interface ResponseCache {
  /** The cache key of an anonymous request, or null when it must not be cached. */
  keyOf(request: HTTPGraphQLRequest): string | null;
  get(key: string): string | undefined;
  /** Stores a successful response body (one with errors is never stored). */
  set(key: string, body: string): void;
  readonly ttlMs: number;
}

interface GraphQLParams {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

function paramsOf(request: HTTPGraphQLRequest): GraphQLParams | null {
  if (request.method === "POST")
    return request.body && typeof request.body === "object" && !Array.isArray(request.body) ? (request.body as GraphQLParams) : null;
  if (request.method !== "GET") return null;
  const search = new URLSearchParams(request.search);
  const variables = search.get("variables");
  try {
    return {
      query: search.get("query") ?? undefined,
      operationName: search.get("operationName") ?? undefined,
      variables: variables ? JSON.parse(variables) : undefined,
    };
  } catch {
    return null;
  }
}

/**
 * A short-lived cache of whole responses for anonymous callers: a shop's catalog pages and
 * searches are the same for every visitor, and answering them from memory keeps the router and
 * the catalog free for the requests that are not. Only plain queries qualify (no mutations, no
 * introspection, no fragments at the root), only when every root field is declared cacheable,
 * never for a caller with credentials, never a response with errors. In memory per router
 * replica; a shared store (Redis) can replace the LRU behind the same interface.
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const responses = new LRUCache<string, string>({ max: options.maxEntries ?? 5_000, ttl: options.ttlMs });
  // Whether a document (text) is cacheable, remembered so each query is parsed once.
  const verdicts = new LRUCache<string, boolean>({ max: 2_000 });

  function cacheable(query: string, operationName: string | undefined): boolean {
    const key = `${operationName ?? ""}\u0000${query}`;
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    let verdict = false;
    try {
      const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const operation = operationName
        ? operations.find((o) => o.name?.value === operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
      verdict =
        operation?.operation === "query" &&
        operation.selectionSet.selections.every(
          (s) =>
            s.kind === Kind.FIELD &&
            !s.directives?.length &&
            (s.name.value === "__typename" || options.cacheableRootFields.has(`Query.${s.name.value}`)),
        );
    } catch {
      verdict = false; // unparsable: Apollo Server answers it, nothing to cache
    }
    verdicts.set(key, verdict);
    return verdict;
  }

  return {
    ttlMs: options.ttlMs,
    keyOf(request) {
      if (options.ttlMs <= 0) return null;
      const params = paramsOf(request);
      if (!params || typeof params.query !== "string") return null;
      const operationName = typeof params.operationName === "string" ? params.operationName : undefined;
      if (!cacheable(params.query, operationName)) return null;
      return createHash("sha256")
        .update(params.query)
        .update("\u0000")
        .update(operationName ?? "")
        .update("\u0000")
        .update(JSON.stringify(params.variables ?? null))
        .digest("base64url");
    },
    get: (key) => responses.get(key),
    set(key, body) {
      if (body.includes('"errors"')) return;
      responses.set(key, body);
    },
  };
}
