import { errorCodes, type GraphQLResponse } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_ACCOUNT_POLICY, LOGIN_ADDRESS_POLICY } from "../src/throttle/throttle.policy.ts";
import { createTestServer, freshAddress, LOGIN, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const attempt = (email: string, password: string, address = freshAddress()) => server.client({ address })(LOGIN, { email, password });

interface Outcome {
  code: unknown;
  message: string | undefined;
  wait: "none" | "short" | "lockout";
}
function outcome(response: GraphQLResponse<unknown>): Outcome {
  const seconds = Number(response.errors?.[0]?.extensions?.retryAfterSeconds ?? 0);
  return {
    code: errorCodes(response)[0] ?? "OK",
    message: response.errors?.[0]?.message,
    wait: seconds === 0 ? "none" : seconds < 300 ? "short" : "lockout",
  };
}

/**
 * Fails `count` times for one account (each from a new address), letting the short waits pass in
 * between (as a patient attacker would); returns what each attempt got.
 */
async function failRepeatedly(email: string, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < count; i += 1) {
    outcomes.push(outcome(await attempt(email, `wrong password ${i}`)));
    if (i < count - 1) await server.endThrottleWaits();
  }
  return outcomes;
}

describe("failed sign-ins for one account", () => {
  it("are slowed down after a few failures: the next attempt is RATE_LIMITED even with the right password", async () => {
    const user = await server.createUser();
    for (let i = 0; i < LOGIN_ACCOUNT_POLICY.slowAfter; i += 1)
      expect(errorCodes(await attempt(user.email, "wrong password"))).toEqual(["UNAUTHENTICATED"]);
    const response = await attempt(user.email, user.password);
    expect(errorCodes(response)).toEqual(["RATE_LIMITED"]);
    expect(response.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(response.data).toBeNull();
  });

  it(`are refused for a while after ${LOGIN_ACCOUNT_POLICY.lockAfter} failures, from any address`, async () => {
    const user = await server.createUser();
    await failRepeatedly(user.email, LOGIN_ACCOUNT_POLICY.lockAfter);
    const response = await attempt(user.email, user.password, freshAddress());
    expect(errorCodes(response)).toEqual(["RATE_LIMITED"]);
    const seconds = response.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(seconds).toBeGreaterThan(LOGIN_ACCOUNT_POLICY.lockoutSeconds - 10);
    expect(seconds).toBeLessThanOrEqual(LOGIN_ACCOUNT_POLICY.lockoutSeconds);
  });

  it("behave the same for an unknown email as for a known one (same codes, messages and waits)", async () => {
    const user = await server.createUser();
    const run = async (email: string, password: string) => [
      ...(await failRepeatedly(email, LOGIN_ACCOUNT_POLICY.lockAfter)),
      outcome(await attempt(email, password)),
    ];
    const known = await run(user.email, user.password);
    const unknown = await run("nobody-here@example.com", user.password);
    expect(unknown).toEqual(known);
    expect(
      known.slice(0, LOGIN_ACCOUNT_POLICY.lockAfter).every((o) => o.code === "UNAUTHENTICATED" && o.message === "Wrong email or password"),
    ).toBe(true);
    expect(known.at(-1)).toMatchObject({ code: "RATE_LIMITED", wait: "lockout" });
  });

  it("start afresh after a successful sign-in", async () => {
    const user = await server.createUser();
    for (let i = 0; i < LOGIN_ACCOUNT_POLICY.slowAfter - 1; i += 1) await attempt(user.email, "wrong password");
    expect((await attempt(user.email, user.password)).errors).toBeUndefined();
    for (let i = 0; i < LOGIN_ACCOUNT_POLICY.slowAfter - 1; i += 1)
      expect(errorCodes(await attempt(user.email, "wrong password"))).toEqual(["UNAUTHENTICATED"]);
    expect((await attempt(user.email, user.password)).errors).toBeUndefined();
  });

  it("cannot outrun the counter with a parallel burst: only the first few guesses are checked", async () => {
    const user = await server.createUser();
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => attempt(user.email, `parallel guess ${i}`)));
    const codes = responses.flatMap(errorCodes);
    expect(codes.filter((c) => c === "UNAUTHENTICATED").length).toBeLessThanOrEqual(LOGIN_ACCOUNT_POLICY.slowAfter);
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(25 - LOGIN_ACCOUNT_POLICY.slowAfter);
  });

  it("include wrong current passwords in changePassword (a stolen token is no password oracle)", async () => {
    const user = await server.signIn();
    const codes: unknown[] = [];
    for (let i = 0; i < LOGIN_ACCOUNT_POLICY.slowAfter + 1; i += 1) {
      codes.push(
        ...errorCodes(
          await user.query(`mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "a brand new secret") }`, {
            c: `guess ${i}`,
          }),
        ),
      );
    }
    expect(codes.at(-1)).toBe("RATE_LIMITED");
  });
});

describe("failed sign-ins from one client address", () => {
  it("are slowed down across many accounts (password spraying), other addresses unaffected", async () => {
    const address = freshAddress();
    const victims = await Promise.all(Array.from({ length: LOGIN_ADDRESS_POLICY.slowAfter }, () => server.createUser()));
    for (const victim of victims) expect(errorCodes(await attempt(victim.email, "Summer2026!!", address))).toEqual(["UNAUTHENTICATED"]);
    const next = await server.createUser();
    const response = await attempt(next.email, next.password, address);
    expect(errorCodes(response)).toEqual(["RATE_LIMITED"]);
    expect(response.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await attempt(next.email, next.password, freshAddress())).errors).toBeUndefined();
  });

  it("are counted per address from x-forwarded-for's first entry (the original client)", async () => {
    const client = freshAddress();
    const victims = await Promise.all(Array.from({ length: LOGIN_ADDRESS_POLICY.slowAfter }, () => server.createUser()));
    // each request passes a different proxy, but comes from the same client
    for (const victim of victims) await attempt(victim.email, "Summer2026!!", `${client}, ${freshAddress()}`);
    const next = await server.createUser();
    expect(errorCodes(await attempt(next.email, next.password, `${client}, 192.0.2.1`))).toEqual(["RATE_LIMITED"]);
  });

  it("store neither emails nor addresses in clear", async () => {
    const rows = await server.db.prisma.authThrottle.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.key).toMatch(/^(login|exchange):(account|address|prefix):[0-9a-f]{64}$/);
  });
});
