import { isStaff, type Logger, type Viewer } from "@amazoff/kit";
import type { PolicyEvaluator } from "./requirements.ts";

/**
 * The `@policy(policies: [["name"]])` names the router understands. GraphOS Router hands policies
 * to a coprocessor; ours are small functions of the verified viewer, decided in process.
 */
export const POLICIES: Readonly<Record<string, (viewer: Viewer) => boolean>> = {
  /** Employees and admins. */
  staff: (viewer) => isStaff(viewer.role),
  admin: (viewer) => viewer.role === "ADMIN",
  partner: (viewer) => viewer.role === "PARTNER",
  customer: (viewer) => viewer.role === "CUSTOMER",
  /** Signed in with a user session, not with an API key. */
  session: (viewer) => viewer.via === "session",
};

/**
 * Evaluates policy names. A name nobody defined denies (a typo in a schema must not open a field)
 * and is logged once per name, not once per request.
 */
export function createPolicyEvaluator(
  log: Logger,
  policies: Readonly<Record<string, (viewer: Viewer) => boolean>> = POLICIES,
): PolicyEvaluator {
  const reported = new Set<string>();
  return (policy, viewer) => {
    const check = Object.hasOwn(policies, policy) ? policies[policy] : undefined;
    if (check) return check(viewer);
    if (!reported.has(policy)) {
      reported.add(policy);
      log.warn({ policy, known: Object.keys(policies) }, "unknown @policy name in the supergraph; it denies access");
    }
    return false;
  };
}
