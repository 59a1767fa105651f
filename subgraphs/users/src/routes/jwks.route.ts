import { sendJson, type RouteHandler } from "@amazoff/kit";
import type { SigningKeys } from "../auth/signing-keys.ts";

export const JWKS_PATH = "/.well-known/jwks.json";

/**
 * `GET /.well-known/jwks.json`: the public signing keys, `{"keys":[{kty,n,e,kid,alg,use}]}`.
 * Cacheable for 5 minutes: a new key must be configured (second in USERS_SIGNING_KEYS) at least
 * that long before it starts signing, so every verifier has seen it first.
 */
export function jwksRoute(keys: SigningKeys): RouteHandler {
  const body = keys.jwks();
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      sendJson(res, 405, { error: "method_not_allowed" });
      return;
    }
    res.setHeader("cache-control", "public, max-age=300");
    sendJson(res, 200, body);
  };
}
