import { describe, expect, it } from "vitest";
import { upstreamFailure, webSocketUrl } from "./upstream.ts";

describe("webSocketUrl", () => {
  it("keeps host, port and path, and secures what was secure", () => {
    expect(webSocketUrl("http://localhost:4007/graphql")).toBe("ws://localhost:4007/graphql");
    expect(webSocketUrl("https://notifications.internal/graphql")).toBe("wss://notifications.internal/graphql");
  });
});

describe("upstreamFailure", () => {
  const at = (failure: unknown) => upstreamFailure(failure, "alerts", ["notificationAdded"]);

  it("reports a lost or refused connection as SUBGRAPH_UNAVAILABLE at the root field, with the service", () => {
    expect(at({ code: 1006, reason: "" })).toEqual({
      message: "The alerts service is unavailable",
      path: ["notificationAdded"],
      extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "alerts", reason: "unreachable" },
    });
    expect(at(new Error("connect ECONNREFUSED 127.0.0.1:1"))).toMatchObject({ extensions: { reason: "unreachable" } });
    expect(at({ code: 4504, reason: "Connection acknowledgement timeout" })).toMatchObject({ extensions: { reason: "timeout" } });
    expect(at({ code: 4500, reason: "Internal server error" })).toMatchObject({ extensions: { reason: "bad_response" } });
  });

  it("reports the subgraph refusing the router's credential as the caller's failure", () => {
    expect(at({ code: 4401, reason: "Unauthorized" })).toMatchObject({ extensions: { code: "UNAUTHENTICATED", serviceName: "alerts" } });
    expect(at({ code: 4403, reason: "Forbidden" })).toMatchObject({ extensions: { code: "FORBIDDEN", serviceName: "alerts" } });
  });
});
