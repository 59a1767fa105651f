/**
 * How failed credential checks are throttled, per subject (an account, a client address, an API
 * key prefix). After `slowAfter` failures each further failure makes the subject wait before its
 * next attempt, doubling each time (2 s, 4 s, 8 s, ...): people who mistype barely notice, scripts
 * slow to a crawl. At `lockAfter` failures the subject is refused for `lockoutSeconds`. A subject
 * without a failure for `forgetAfterSeconds` starts again from zero.
 */
export interface ThrottlePolicy {
  slowAfter: number;
  lockAfter: number;
  lockoutSeconds: number;
  forgetAfterSeconds: number;
}

const MINUTES = 60;

/** One account: ~10 guesses per quarter hour, whoever makes them. */
export const LOGIN_ACCOUNT_POLICY: ThrottlePolicy = {
  slowAfter: 3,
  lockAfter: 10,
  lockoutSeconds: 15 * MINUTES,
  forgetAfterSeconds: 15 * MINUTES,
};
/** One client address across accounts (password spraying); looser, as offices and NATs share addresses. */
export const LOGIN_ADDRESS_POLICY: ThrottlePolicy = {
  slowAfter: 10,
  lockAfter: 50,
  lockoutSeconds: 15 * MINUTES,
  forgetAfterSeconds: 15 * MINUTES,
};
/** One API key prefix at the exchange endpoint. */
export const EXCHANGE_PREFIX_POLICY: ThrottlePolicy = {
  slowAfter: 5,
  lockAfter: 20,
  lockoutSeconds: 15 * MINUTES,
  forgetAfterSeconds: 15 * MINUTES,
};
/** One client address at the exchange endpoint (random keys have no prefix in common). */
export const EXCHANGE_ADDRESS_POLICY: ThrottlePolicy = {
  slowAfter: 20,
  lockAfter: 100,
  lockoutSeconds: 15 * MINUTES,
  forgetAfterSeconds: 15 * MINUTES,
};

/** The stored state of one subject. */
export interface Counter {
  key: string;
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

/** A subject to throttle and the policy that applies to it. */
export interface Subject {
  key: string;
  policy: ThrottlePolicy;
}

/** Seconds a subject must wait after its `failures`-th failure (0: no wait). */
export function waitSeconds(policy: ThrottlePolicy, failures: number): number {
  if (failures >= policy.lockAfter) return policy.lockoutSeconds;
  if (failures >= policy.slowAfter) return Math.min(2 ** (failures - policy.slowAfter + 1), policy.lockoutSeconds);
  return 0;
}

export const isLocked = (counter: Counter | undefined, now: Date): boolean => Boolean(counter?.lockedUntil && counter.lockedUntil > now);

/** Seconds until every locked counter opens again (0 when none is locked). */
export function retryAfterSeconds(counters: Iterable<Counter | undefined>, now: Date): number {
  let latest = 0;
  for (const counter of counters) {
    if (isLocked(counter, now)) latest = Math.max(latest, counter!.lockedUntil!.getTime() - now.getTime());
  }
  return latest === 0 ? 0 : Math.max(1, Math.ceil(latest / 1000));
}

/** The counter after one more failure. */
export function afterFailure(subject: Subject, counter: Counter | undefined, now: Date): Counter {
  const forgotten = !counter || now.getTime() - counter.lastFailureAt.getTime() > subject.policy.forgetAfterSeconds * 1000;
  const failures = forgotten ? 1 : counter.failures + 1;
  const wait = waitSeconds(subject.policy, failures);
  return { key: subject.key, failures, lastFailureAt: now, lockedUntil: wait ? new Date(now.getTime() + wait * 1000) : null };
}

/**
 * The counter after an attempt counted in advance (see ThrottleService.begin) succeeded: that
 * failure is taken back. Its wait is lifted too: an attempt only starts while the subject is not
 * waiting, so the only wait in force is the one this attempt set.
 */
export const afterSuccess = (counter: Counter): Counter => ({ ...counter, failures: Math.max(0, counter.failures - 1), lockedUntil: null });

/** The counter of a subject that proved itself (the account whose password was right). */
export const cleared = (counter: Counter): Counter => ({ ...counter, failures: 0, lockedUntil: null });
