import type { Viewer } from "@amazoff/kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { andAnyOfAll, andRequirements, NO_REQUIREMENT, requirementAllows, satisfiesAnyOfAll, type AnyOfAll } from "./requirements.ts";

const viewer = (scopes: string[], role: Viewer["role"] = "CUSTOMER", via: Viewer["via"] = "session"): Viewer => ({
  userId: "u1",
  role,
  scopes: new Set(scopes),
  via,
  tokenId: "t1",
});
const noPolicies = () => false;

describe("scope requirements: an OR of AND-lists", () => {
  const scopes = (groups: AnyOfAll, held: string[]) => requirementAllows({ ...NO_REQUIREMENT, scopes: groups }, viewer(held), noPolicies);

  it("needs every scope of one inner list", () => {
    expect(scopes([["a", "b", "c"]], ["a", "b", "c"])).toBe(true);
    expect(scopes([["a", "b", "c"]], ["a", "b"])).toBe(false);
  });

  it("is satisfied by any one of the inner lists", () => {
    expect(scopes([["a"], ["b"], ["c"]], ["c"])).toBe(true);
    expect(scopes([["a", "b"], ["c"]], ["a", "b"])).toBe(true);
    expect(scopes([["a", "b"], ["c"]], ["a"])).toBe(false);
    expect(scopes([["a", "b"], ["c"]], ["b", "c"])).toBe(true);
  });

  it("denies anonymous callers, who hold no scope", () => {
    expect(requirementAllows({ ...NO_REQUIREMENT, scopes: [["a"]] }, null, noPolicies)).toBe(false);
  });

  it("treats an empty outer list as unsatisfiable and an empty inner list as always satisfied", () => {
    expect(scopes([], ["a"])).toBe(false);
    expect(scopes([[]], [])).toBe(true);
  });
});

describe("policy requirements", () => {
  const isStaff = (policy: string, v: Viewer) => policy === "staff" && (v.role === "EMPLOYEE" || v.role === "ADMIN");
  const partnerSession = (policy: string, v: Viewer) =>
    (policy === "partner" && v.role === "PARTNER") || (policy === "session" && v.via === "session");

  it("evaluates each named policy for the viewer, OR of ANDs", () => {
    const requirement = { ...NO_REQUIREMENT, policies: [["staff"], ["partner", "session"]] };
    expect(requirementAllows(requirement, viewer([], "EMPLOYEE"), (p, v) => isStaff(p, v) || partnerSession(p, v))).toBe(true);
    expect(requirementAllows(requirement, viewer([], "PARTNER", "session"), (p, v) => isStaff(p, v) || partnerSession(p, v))).toBe(true);
    expect(requirementAllows(requirement, viewer([], "PARTNER", "api-key"), (p, v) => isStaff(p, v) || partnerSession(p, v))).toBe(false);
    expect(requirementAllows(requirement, viewer([], "CUSTOMER"), (p, v) => isStaff(p, v) || partnerSession(p, v))).toBe(false);
  });

  it("denies anonymous callers without evaluating anything", () => {
    expect(requirementAllows({ ...NO_REQUIREMENT, policies: [["anything"]] }, null, () => true)).toBe(false);
  });

  it("@authenticated only needs a viewer", () => {
    const requirement = { ...NO_REQUIREMENT, authenticated: true };
    expect(requirementAllows(requirement, null, noPolicies)).toBe(false);
    expect(requirementAllows(requirement, viewer([]), noPolicies)).toBe(true);
  });
});

describe("combining requirements (AND)", () => {
  it("multiplies out and drops implied groups, as composition does", () => {
    expect(andAnyOfAll([["read:profile", "read:users"], ["read:admin"]], [["read:admin"]])).toEqual([["read:admin"]]);
    expect(andAnyOfAll([["a"], ["b"]], [["c"]])).toEqual([
      ["a", "c"],
      ["b", "c"],
    ]);
    expect(andAnyOfAll(null, [["a"]])).toEqual([["a"]]);
    expect(andRequirements({ ...NO_REQUIREMENT, authenticated: true }, { ...NO_REQUIREMENT, scopes: [["x"]] })).toEqual({
      authenticated: true,
      scopes: [["x"]],
      policies: null,
    });
  });

  it("holds exactly when both parts hold, for any scopes", () => {
    const scope = fc.constantFrom<string>("a", "b", "c", "d", "e");
    const dnf = fc.array(fc.array(scope, { maxLength: 3 }), { maxLength: 3 });
    fc.assert(
      fc.property(dnf, dnf, fc.uniqueArray(scope), (a, b, held) => {
        const holds = (s: string) => held.includes(s);
        expect(satisfiesAnyOfAll(andAnyOfAll(a, b)!, holds)).toBe(satisfiesAnyOfAll(a, holds) && satisfiesAnyOfAll(b, holds));
      }),
    );
  });
});
