import { createLogger, type Role, type Viewer } from "@amazoff/kit";
import { describe, expect, it, vi } from "vitest";
import { createPolicyEvaluator } from "./policies.ts";

const viewer = (role: Role, via: Viewer["via"] = "session"): Viewer => ({ userId: "u", role, scopes: new Set(), via, tokenId: "t" });

describe("policies", () => {
  const evaluate = createPolicyEvaluator(createLogger({ service: "test", level: "silent" }));

  it.each([
    ["staff", "EMPLOYEE", true],
    ["staff", "ADMIN", true],
    ["staff", "CUSTOMER", false],
    ["staff", "PARTNER", false],
    ["admin", "ADMIN", true],
    ["admin", "EMPLOYEE", false],
    ["partner", "PARTNER", true],
    ["partner", "CUSTOMER", false],
    ["customer", "CUSTOMER", true],
    ["customer", "ADMIN", false],
  ] as const)("%s for %s: %s", (policy, role, expected) => {
    expect(evaluate(policy, viewer(role))).toBe(expected);
  });

  it("session: signed in with a user session, not an API key", () => {
    expect(evaluate("session", viewer("PARTNER", "session"))).toBe(true);
    expect(evaluate("session", viewer("PARTNER", "api-key"))).toBe(false);
  });

  it("an unknown policy denies, and is logged once", () => {
    const log = createLogger({ service: "test", level: "silent" });
    const warn = vi.spyOn(log, "warn");
    const evaluateLogged = createPolicyEvaluator(log);
    expect(evaluateLogged("stafff", viewer("ADMIN"))).toBe(false);
    expect(evaluateLogged("stafff", viewer("ADMIN"))).toBe(false);
    expect(evaluateLogged("toString", viewer("ADMIN"))).toBe(false);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
