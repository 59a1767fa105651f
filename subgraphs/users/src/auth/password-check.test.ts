import { RateLimitedError } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import type { Subject } from "../throttle/throttle.policy.ts";
import type { ThrottleService } from "../throttle/throttle.service.ts";
import { checkedPassword } from "./password-check.ts";
import type { PasswordHasher } from "./password-hasher.ts";

const subjects: Subject[] = [
  { key: "login:account:x", policy: { slowAfter: 3, lockAfter: 10, lockoutSeconds: 900, forgetAfterSeconds: 900 } },
];

function deps(verify: () => Promise<boolean>) {
  const withdrawn: Subject[][] = [];
  return {
    withdrawn,
    hasher: { verify } as unknown as PasswordHasher,
    throttle: { withdraw: async (s: Subject[]) => void withdrawn.push(s) } as unknown as ThrottleService,
  };
}

describe("checkedPassword", () => {
  it("answers the hasher's verdict and leaves the counted attempt alone", async () => {
    const d = deps(async () => false);
    expect(await checkedPassword(d, subjects, "pw", "$scrypt$...")).toBe(false);
    expect(d.withdrawn).toEqual([]);
  });

  it("withdraws the counted attempt when the hasher is too busy to check, and passes RATE_LIMITED on", async () => {
    const d = deps(async () => {
      throw new RateLimitedError("Too many sign-ins at once; try again shortly", 2);
    });
    await expect(checkedPassword(d, subjects, "pw", "$scrypt$...")).rejects.toMatchObject({
      extensions: { code: "RATE_LIMITED", retryAfterSeconds: 2 },
    });
    expect(d.withdrawn).toEqual([subjects]);
  });
});
