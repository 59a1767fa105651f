import type { Viewer } from "@amazoff/kit";

/**
 * Disjunctive normal form, as `@requiresScopes(scopes:)` and `@policy(policies:)` write it: the
 * outer list is an OR of inner lists, each an AND. `[["a", "b"], ["c"]]` reads (a AND b) OR c.
 */
export type AnyOfAll = readonly (readonly string[])[];

/** What a field or type demands of the caller (every part must hold). */
export interface AuthRequirement {
  /** `@authenticated`: the caller is signed in (a user session or an API key). */
  authenticated: boolean;
  /** `@requiresScopes`; null when none applies. */
  scopes: AnyOfAll | null;
  /** `@policy`; null when none applies. */
  policies: AnyOfAll | null;
}

export const NO_REQUIREMENT: AuthRequirement = Object.freeze({ authenticated: false, scopes: null, policies: null });

export const isEmptyRequirement = (r: AuthRequirement): boolean => !r.authenticated && r.scopes === null && r.policies === null;

/**
 * (A1 OR A2) AND (B1 OR B2) = (A1+B1) OR (A1+B2) OR (A2+B1) OR (A2+B2), then drop every group
 * that contains another group (it is implied by it): the same simplification composition applies
 * when two subgraphs put requirements on one field.
 */
export function andAnyOfAll(a: AnyOfAll | null, b: AnyOfAll | null): AnyOfAll | null {
  if (a === null) return b;
  if (b === null) return a;
  const groups: string[][] = [];
  for (const x of a) for (const y of b) groups.push([...new Set([...x, ...y])].sort());
  return simplify(groups);
}

function simplify(groups: string[][]): string[][] {
  const unique = [...new Map(groups.map((g) => [g.join("\u0000"), g])).values()].sort((x, y) => x.length - y.length);
  const kept: string[][] = [];
  for (const group of unique) {
    if (!kept.some((smaller) => smaller.every((item) => group.includes(item)))) kept.push(group);
  }
  return kept;
}

/** Both requirements at once. */
export function andRequirements(a: AuthRequirement, b: AuthRequirement): AuthRequirement {
  if (isEmptyRequirement(a)) return b;
  if (isEmptyRequirement(b)) return a;
  return {
    authenticated: a.authenticated || b.authenticated,
    scopes: andAnyOfAll(a.scopes, b.scopes),
    policies: andAnyOfAll(a.policies, b.policies),
  };
}

/** True when `holds` is true of every item of at least one group. */
export function satisfiesAnyOfAll(groups: AnyOfAll, holds: (item: string) => boolean): boolean {
  return groups.some((group) => group.every(holds));
}

/** Decides a policy name for a caller; see policies.ts. */
export type PolicyEvaluator = (policy: string, viewer: Viewer) => boolean;

/** Whether `viewer` (null: anonymous) meets `requirement`. Anonymous callers hold no scope and pass no policy. */
export function requirementAllows(requirement: AuthRequirement, viewer: Viewer | null, evaluatePolicy: PolicyEvaluator): boolean {
  if (requirement.authenticated && !viewer) return false;
  if (requirement.scopes && !satisfiesAnyOfAll(requirement.scopes, (scope) => viewer?.scopes.has(scope) ?? false)) return false;
  if (requirement.policies && !satisfiesAnyOfAll(requirement.policies, (policy) => (viewer ? evaluatePolicy(policy, viewer) : false)))
    return false;
  return true;
}

/** A compact, human-readable form for logs and test names: `@authenticated @requiresScopes([[a, b], [c]])`. */
export function describeRequirement(r: AuthRequirement): string {
  const dnf = (groups: AnyOfAll) => `[${groups.map((g) => `[${g.join(", ")}]`).join(", ")}]`;
  return [r.authenticated && "@authenticated", r.scopes && `@requiresScopes(${dnf(r.scopes)})`, r.policies && `@policy(${dnf(r.policies)})`]
    .filter(Boolean)
    .join(" ");
}
