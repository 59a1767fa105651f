import type { Subject } from "../throttle/throttle.policy.ts";
import { LOGIN_ACCOUNT_POLICY, LOGIN_ADDRESS_POLICY } from "../throttle/throttle.policy.ts";
import { throttleSubject } from "../throttle/throttle.service.ts";

/**
 * The account's throttle subject of password checks. Keyed by the normalised email as typed, not
 * by a user id, so an unknown email is throttled exactly like a known one.
 */
export const loginAccountSubject = (email: string): Subject => throttleSubject("login", "account", email, LOGIN_ACCOUNT_POLICY);

/** Throttle subjects of a password check: the account and the client address. */
export function loginSubjects(email: string, address: string): { account: Subject; address: Subject } {
  return {
    account: loginAccountSubject(email),
    address: throttleSubject("login", "address", address, LOGIN_ADDRESS_POLICY),
  };
}
