import type { Logger } from "@amazoff/kit";

/** Per-request state of the router; the identity issue adds the verified caller here. */
export interface RouterContext {
  requestId: string;
  log: Logger;
}
