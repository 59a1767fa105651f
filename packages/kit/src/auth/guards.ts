import { ForbiddenError, UnauthenticatedError } from "../errors.ts";
import type { Viewer } from "./claims.ts";

/** Services call these first: defense in depth behind the router's directive enforcement. */
export function requireViewer(viewer: Viewer | null | undefined): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

export function requireScope(viewer: Viewer | null | undefined, ...anyOf: string[]): Viewer {
  const v = requireViewer(viewer);
  if (!anyOf.some((scope) => v.scopes.has(scope))) throw new ForbiddenError(`Requires scope ${anyOf.join(" or ")}`);
  return v;
}

/** The viewer is `ownerId`, or holds `anyScope` (e.g. staff reading any user's data). */
export function requireOwnerOr(viewer: Viewer | null | undefined, ownerId: string, anyScope?: string): Viewer {
  const v = requireViewer(viewer);
  if (v.userId === ownerId) return v;
  if (anyScope && v.scopes.has(anyScope)) return v;
  throw new ForbiddenError("Not yours");
}
