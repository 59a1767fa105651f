import { describe, expect, it } from "vitest";
import { prepareForGateway } from "./prepare.ts";

describe("prepareForGateway", () => {
  it("drops the SECURITY purpose of the features the router enforces, and only those", () => {
    const sdl = `schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)
  @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
  @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)
  @link(url: "https://example.com/other/v1.0", for: SECURITY)
{ query: Query }`;
    const prepared = prepareForGateway(sdl);
    expect(prepared).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect(prepared).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1")');
    expect(prepared).toContain('@link(url: "https://specs.apollo.dev/policy/v0.1")');
    expect(prepared).toContain('@link(url: "https://specs.apollo.dev/join/v0.5", for: EXECUTION)');
    // An unknown SECURITY feature is left alone: the gateway must refuse what nobody enforces.
    expect(prepared).toContain('@link(url: "https://example.com/other/v1.0", for: SECURITY)');
  });

  it("leaves a supergraph without those features unchanged", () => {
    const sdl = 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query }';
    expect(prepareForGateway(sdl)).toBe(sdl);
  });
});
