import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, freshAddress, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
  // One real account, so that some generated logins hit an existing email.
  await server.createUser({ email: "fuzz@example.com", password: "the real password" });
});
afterAll(() => server?.stop());

const ALLOWED = new Set(["BAD_USER_INPUT", "UNAUTHENTICATED", "CONFLICT", "RATE_LIMITED"]);

/** UTF-16 code units of any value: lone surrogates, NUL and other control characters included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));

const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  codeUnits,
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "\udfff",
    "\u202e",
    "\n",
    "@",
    "a@b",
    "x@y.z",
    "fuzz@example.com",
    "FUZZ@EXAMPLE.COM ",
    "the real password",
  ),
  // Huge, yet three of them stay below the 1 MiB request limit even when each character is
  // escaped as \u0000 (6 bytes) in JSON; bigger bodies are refused earlier (see the last test).
  fc
    .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.constantFrom("x", "é", "🙂", "\u0000", "a@"))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length))),
);
const emailLike = fc.oneof(
  text,
  fc.emailAddress(),
  fc.tuple(text, text).map(([local, domain]) => `${local}@${domain}.com`),
  fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom("example.com", "EXAMPLE.org")).map(([local, domain]) => `${local}@${domain}`),
);

const SIGNUP = `mutation($email: String!, $password: String!, $displayName: String!) { signup(email: $email, password: $password, displayName: $displayName) { accessToken user { id email } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken user { id } } }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;

const operation = fc.oneof(
  // Well-formed sign-ups among the noise, so the run also reaches the success path every time
  // (random strings alone make a valid sign-up too rare to count on).
  fc.record({
    query: fc.constant(SIGNUP),
    variables: fc.record({
      email: fc.uuid().map((u) => `${u}@example.com`),
      password: fc.constant("Valid-Fuzz-Password-2026"),
      displayName: fc.string({ minLength: 1, maxLength: 40 }),
    }),
  }),
  fc.record({ query: fc.constant(SIGNUP), variables: fc.record({ email: emailLike, password: text, displayName: text }) }),
  fc.record({ query: fc.constant(LOGIN), variables: fc.record({ email: emailLike, password: text }) }),
  fc.record({ query: fc.constant(REFRESH), variables: fc.record({ token: text }) }),
);

describe("malformed sign-up, sign-in and refresh input", () => {
  it("never fails with INTERNAL or a 5xx: only clean, coded client errors (or success)", async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(operation, async ({ query, variables }) => {
        // A fresh client address per run: per-address throttling must not blur what is tested.
        const response = await server.client({ address: freshAddress() })(query, variables);
        const outcome = (response.errors?.[0]?.extensions?.code as string | undefined) ?? "OK";
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (!response.errors) return;
        for (const error of response.errors) {
          expect(ALLOWED.has(error.extensions?.code as string), JSON.stringify(error)).toBe(true);
          expect(error.message).not.toMatch(/prisma|SELECT|INSERT|violates|constraint|\bat .+\.ts:\d+/i);
          expect(error.extensions).not.toHaveProperty("stacktrace");
        }
        expect(response.data ?? null).toBeNull();
      }),
      { numRuns: 500 },
    );
    // The generators reach past input validation: real password checks and sign-ups happen too.
    expect(seen.get("BAD_USER_INPUT")).toBeGreaterThan(0);
    expect(seen.get("UNAUTHENTICATED")).toBeGreaterThan(0);
    expect(seen.get("OK") ?? 0).toBeGreaterThan(0);
  });

  it("refuses a request body over the 1 MiB limit with 413 BAD_REQUEST, not a server error", async () => {
    const response = await server.client({ address: freshAddress() })(LOGIN, { email: "a@example.com", password: "x".repeat(1_100_000) });
    expect(response.status).toBe(413);
    expect(response.errors![0]!.extensions!.code).toBe("BAD_REQUEST");
  });
});
