/**
 * Feature links the router enforces itself. In a supergraph they are declared
 * `@link(url: ".../authenticated/v0.1", for: SECURITY)`, and @apollo/gateway refuses to load any
 * supergraph with a SECURITY feature it does not implement. The router reads these directives for
 * its own authorization (see the identity issue) and hands the gateway the same SDL without the
 * `for: SECURITY` purpose.
 */
export const ROUTER_ENFORCED_FEATURES = [
  "https://specs.apollo.dev/authenticated/",
  "https://specs.apollo.dev/requiresScopes/",
  "https://specs.apollo.dev/policy/",
];

const LINK = /@link\(\s*url:\s*"([^"]+)"([^)]*)\)/g;

/** The supergraph SDL as the gateway can load it (see ROUTER_ENFORCED_FEATURES). */
export function prepareForGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(LINK, (link, url: string, rest: string) => {
    if (!ROUTER_ENFORCED_FEATURES.some((prefix) => url.startsWith(prefix))) return link;
    const withoutPurpose = rest.replace(/,?\s*for:\s*SECURITY/, "");
    return `@link(url: "${url}"${withoutPurpose})`;
  });
}
