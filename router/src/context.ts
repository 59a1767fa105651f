import type { Logger, Viewer } from "@amazoff/kit";

/** Per-request state of the router. */
export interface RouterContext {
  requestId: string;
  log: Logger;
  /** The verified caller; null for anonymous requests. */
  viewer: Viewer | null;
  /**
   * The access token forwarded to every subgraph as `Authorization: Bearer`: the client's own,
   * or the one minted for its API key. Null for anonymous requests.
   */
  accessToken: string | null;
  /** The client's IP address, forwarded to subgraphs as `x-forwarded-for` (login throttling). */
  clientAddress: string;
}
