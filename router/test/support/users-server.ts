import http from "node:http";
import type { AddressInfo } from "node:net";
import { signAccessToken, type TestKeys, type TokenClaims } from "./tokens.ts";

export interface FakeUsersServer {
  jwksUrl: string;
  exchangeUrl: string;
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
  counts: { jwks: number; exchange: number };
  close(): Promise<void>;
}

/**
 * The two endpoints of the users subgraph the router relies on, in a tiny node:http server:
 * `GET /.well-known/jwks.json` and `POST /internal/api-keys/exchange` (`{ apiKey }` → 200
 * `{ accessToken, expiresIn }` or 401 `{ error: "invalid_api_key" }`).
 */
export async function startFakeUsersServer(keys: TestKeys): Promise<FakeUsersServer> {
  const state = {
    apiKeys: new Map<string, TokenClaims>(),
    keys: [keys],
    signingKey: keys,
    expiresIn: 60,
    failing: false,
    counts: { jwks: 0, exchange: 0 },
  };
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
    if (req.url === "/internal/api-keys/exchange" && req.method === "POST") {
      state.counts.exchange++;
      let body = "";
      for await (const chunk of req) body += chunk;
      if (state.failing) return send(res, 500, { error: "down" });
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
