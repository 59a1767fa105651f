import http from "node:http";
import type { AddressInfo } from "node:net";
import { internalAuthorization, REVOCATIONS_PATH, type RevocationEntry, type RevocationKind } from "@amazoff/kit";
import { signAccessToken, type TestKeys, type TokenClaims } from "./tokens.ts";

/** The internal secret the fake expects (the router under test is given it). */
export const FAKE_INTERNAL_SECRET = "router-test-internal-secret";

export interface FakeUsersServer {
  jwksUrl: string;
  exchangeUrl: string;
  /** Published on the revocation feed; `revoke` adds one. */
  revocations: RevocationEntry[];
  revoke(kind: RevocationKind, id: string): void;
  /** What the exchange last received: the client address the router forwarded. */
  lastExchange: { forwardedFor?: string } | null;
  /** API keys the exchange accepts, and the claims of the tokens it mints for them. Delete one to revoke it. */
  apiKeys: Map<string, TokenClaims>;
  /** Keys published in the JWKS (replace to rotate). */
  keys: TestKeys[];
  /** The key that signs minted tokens. */
  signingKey: TestKeys;
  /** `expiresIn` of minted tokens, in seconds. */
  expiresIn: number;
  /** Answer every request with 500 (the users subgraph is failing). */
  failing: boolean;
  counts: { jwks: number; exchange: number; revocations: number };
  close(): Promise<void>;
}

/**
 * The endpoints of the users subgraph the router relies on, in a tiny node:http server:
 * `GET /.well-known/jwks.json`, `POST /internal/api-keys/exchange` (`{ apiKey }` → 200
 * `{ accessToken, expiresIn }` or 401 `{ error: "invalid_api_key" }`) and `POST
 * /internal/revocations` (every revocation, whatever the cursor); both internal endpoints answer
 * 401 `{ error: "unauthorized", message }` without FAKE_INTERNAL_SECRET, as the real ones do.
 */
export async function startFakeUsersServer(keys: TestKeys): Promise<FakeUsersServer> {
  const state = {
    apiKeys: new Map<string, TokenClaims>(),
    keys: [keys],
    signingKey: keys,
    expiresIn: 60,
    failing: false,
    counts: { jwks: 0, exchange: 0, revocations: 0 },
    revocations: [] as RevocationEntry[],
    lastExchange: null as { forwardedFor?: string } | null,
  };
  const internal = (req: http.IncomingMessage) => req.headers.authorization === internalAuthorization(FAKE_INTERNAL_SECRET);
  const REFUSED = { error: "unauthorized", message: "internal endpoint" };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer(async (req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      state.counts.jwks++;
      if (state.failing) return send(res, 500, { error: "down" });
      return send(res, 200, { keys: state.keys.map((k) => k.jwk) });
    }
    if (req.url === REVOCATIONS_PATH && req.method === "POST") {
      state.counts.revocations++;
      if (state.failing) return send(res, 500, { error: "down" });
      if (!internal(req)) return send(res, 401, REFUSED);
      return send(res, 200, { cursor: "all", revocations: state.revocations });
    }
    if (req.url === "/internal/api-keys/exchange" && req.method === "POST") {
      state.counts.exchange++;
      let body = "";
      for await (const chunk of req) body += chunk;
      if (state.failing) return send(res, 500, { error: "down" });
      if (!internal(req)) return send(res, 401, REFUSED);
      state.lastExchange = { forwardedFor: req.headers["x-forwarded-for"] as string | undefined };
      const { apiKey } = JSON.parse(body) as { apiKey?: string };
      const claims = apiKey ? state.apiKeys.get(apiKey) : undefined;
      if (!claims) return send(res, 401, { error: "invalid_api_key" });
      const accessToken = signAccessToken(state.signingKey, claims, { expiresInSeconds: state.expiresIn });
      return send(res, 200, { accessToken, expiresIn: state.expiresIn });
    }
    send(res, 404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    jwksUrl: `${base}/.well-known/jwks.json`,
    exchangeUrl: `${base}/internal/api-keys/exchange`,
    revoke: (kind: RevocationKind, id: string) => void state.revocations.push({ kind, id, revokedAt: new Date().toISOString() }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
