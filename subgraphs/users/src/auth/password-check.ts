import type { Subject } from "../throttle/throttle.policy.ts";
import type { ThrottleService } from "../throttle/throttle.service.ts";
import { loginSubjects } from "./login-subjects.ts";
import type { PasswordHasher } from "./password-hasher.ts";
import { PASSWORD_MAX_LENGTH } from "./password-policy.ts";

/**
 * Re-checks a signed-in user's password before a sensitive change (password change, account
 * deletion), throttled exactly like sign-in: a stolen access token must not become a password
 * oracle. Throws `wrong()` for a wrong password and RATE_LIMITED while the account or the client
 * address must wait; a correct password clears the account's counter.
 */
export async function checkCurrentPassword(
  deps: { hasher: PasswordHasher; throttle: ThrottleService },
  account: { email: string; passwordHash: string | null },
  password: string,
  clientAddress: string,
  wrong: () => Error,
): Promise<void> {
  // No account has a longer password; refusing here keeps huge inputs away from scrypt.
  if (password === "" || password.length > PASSWORD_MAX_LENGTH * 4) throw wrong();
  const subjects = loginSubjects(account.email, clientAddress);
  await deps.throttle.begin([subjects.account, subjects.address]);
  if (!(await checkedPassword(deps, [subjects.account, subjects.address], password, account.passwordHash))) throw wrong();
  await deps.throttle.succeeded([subjects.account], [subjects.address]);
}

/**
 * `hasher.verify` for an attempt `throttle.begin` has counted. When the hasher refuses the work
 * (RATE_LIMITED: its queue is full) the password was never checked, so the attempt is withdrawn
 * rather than left counted as a failure.
 */
export async function checkedPassword(
  deps: { hasher: PasswordHasher; throttle: ThrottleService },
  counted: Subject[],
  password: string,
  stored: string | null | undefined,
): Promise<boolean> {
  try {
    return await deps.hasher.verify(password, stored);
  } catch (error) {
    await deps.throttle.withdraw(counted);
    throw error;
  }
}
