import { describe, expect, it } from "vitest";
import { createTestKeys, signAccessToken } from "../../test/support/tokens.ts";
import { closeReason, connectionExpiry, credentialHeaders } from "./connection-auth.ts";

describe("credentialHeaders", () => {
  it("reads the bearer token or the API key from connectionParams, as headers", () => {
    expect(credentialHeaders({ authorization: "Bearer abc" })).toEqual({ authorization: "Bearer abc" });
    expect(credentialHeaders({ Authorization: "Bearer abc" })).toEqual({ authorization: "Bearer abc" });
    expect(credentialHeaders({ "x-api-key": "amz_x_y" })).toEqual({ "x-api-key": "amz_x_y" });
    expect(credentialHeaders({ authorization: "Bearer abc", "x-api-key": "k" })).toEqual({ authorization: "Bearer abc", "x-api-key": "k" });
  });

  it("is anonymous without connectionParams or credentials, and ignores other params", () => {
    expect(credentialHeaders(undefined)).toEqual({});
    expect(credentialHeaders({ "x-request-id": "r1", authorization: null })).toEqual({});
  });

  it("refuses a credential that is not a string", () => {
    expect(() => credentialHeaders({ authorization: { token: "abc" } })).toThrow(
      expect.objectContaining({ status: 401, extensions: { code: "UNAUTHENTICATED" } }),
    );
  });
});

describe("connectionExpiry", () => {
  it("is the token's expiry, and never for anonymous connections", () => {
    const token = signAccessToken(createTestKeys(), {}, { expiresInSeconds: 120 });
    const exp = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).exp as number;
    expect(connectionExpiry({ token, viewer: null })).toBe(exp * 1000);
    expect(connectionExpiry({ token: null, viewer: null })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("closeReason", () => {
  it("keeps short reasons and cuts long ones to 123 bytes", () => {
    expect(closeReason("Access token expired")).toBe("Access token expired");
    const cut = closeReason("é".repeat(100));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123);
    expect(cut.endsWith("…")).toBe(true);
  });
});
