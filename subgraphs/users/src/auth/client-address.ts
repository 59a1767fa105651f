import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

/**
 * The key of callers whose address is unknown. They share one throttle bucket, so the router must
 * forward the client's address (`x-forwarded-for`); otherwise address limits apply to everyone
 * at once.
 */
export const UNKNOWN_ADDRESS = "unknown";

function normalise(candidate: string | undefined): string | null {
  if (!candidate) return null;
  let value = candidate.trim().toLowerCase();
  if (value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value); // [v6]:port
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":")); // v4:port
  if (value.startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7); // v4-mapped v6
  return isIP(value) ? value : null;
}

const first = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header);

/**
 * The client's address, for per-address throttling: the first `x-forwarded-for` entry (the
 * original client, as the router forwards it), else `x-real-ip`, else the socket's peer, else
 * UNKNOWN_ADDRESS. Only well-formed IP addresses are accepted. The subgraph sits behind the router
 * on a private network, which is what makes trusting these headers acceptable.
 */
export function clientAddress(headers: IncomingHttpHeaders, socketAddress?: string): string {
  return (
    normalise(first(headers["x-forwarded-for"])?.split(",")[0]) ??
    normalise(first(headers["x-real-ip"])) ??
    normalise(socketAddress) ??
    UNKNOWN_ADDRESS
  );
}
