import type { EnvError } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import { parseNotificationsEnv } from "./env.ts";

const minimal = { NOTIFICATIONS_DATABASE_URL: "postgresql://u:p@localhost:5432/notifications", INTERNAL_API_SECRET: "0123456789abcdef" };

const problems = (source: Record<string, string | undefined>): string[] => {
  try {
    parseNotificationsEnv(source);
    return [];
  } catch (error) {
    return (error as EnvError).problems.map((p) => p.split(":")[0]!);
  }
};

describe("notifications configuration", () => {
  it("has defaults for everything but the database and the internal secret", () => {
    const env = parseNotificationsEnv(minimal);
    expect(env).toMatchObject({
      PORT: 4007,
      USERS_INTERNAL_URL: "http://localhost:4002",
      ORDERS_INTERNAL_URL: "http://localhost:4005",
      SHOP_NAME: "Amazoff",
      SHOP_URL: "http://localhost:4000",
      NOTIFICATIONS_SMS_PROVIDER: "file",
      NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS: 8,
    });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.NOTIFICATIONS_REDIS_URL).toBeUndefined();
  });

  it("reports every problem at once, by name, without echoing values", () => {
    try {
      parseNotificationsEnv({
        INTERNAL_API_SECRET: "short",
        SMTP_URL: "http://mail.secret-host",
        NOTIFICATIONS_REDIS_URL: "memcached://x",
      });
      expect.unreachable();
    } catch (error) {
      const text = (error as EnvError).problems.join("\n");
      for (const name of ["NOTIFICATIONS_DATABASE_URL", "INTERNAL_API_SECRET", "SMTP_URL", "NOTIFICATIONS_REDIS_URL"])
        expect(text).toContain(name);
      expect(text).not.toContain("secret-host");
    }
  });
});

describe("production guards", () => {
  const production = {
    NODE_ENV: "production",
    NOTIFICATIONS_DATABASE_URL: "postgresql://notifications:Vd83kQp2xZ@db:5432/notifications",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
    USERS_INTERNAL_URL: "http://users:4002",
    ORDERS_INTERNAL_URL: "http://orders:4005",
    EVENTS_DATABASE_URL: "postgresql://events:Vd83kQp2xZ@db:5432/events",
    SHOP_URL: "https://shop.example.com",
    SMTP_URL: "smtp://mailer:Vd83kQp2xZ@mail.example.com:587",
    SMTP_FROM: "Shop <no-reply@shop.example.com>",
    NOTIFICATIONS_SMS_PROVIDER: "none",
  };

  it("accepts a production configuration with real values", () => {
    expect(problems(production)).toEqual([]);
  });

  it.each([
    ["no mail server", { SMTP_URL: undefined }, ["SMTP_URL"]],
    ["the development sender and shop address", { SMTP_FROM: undefined, SHOP_URL: undefined }, ["SHOP_URL", "SMTP_FROM"]],
    ["the file SMS provider", { NOTIFICATIONS_SMS_PROVIDER: "file" }, ["NOTIFICATIONS_SMS_PROVIDER"]],
    ["copies of messages on disk", { NOTIFICATIONS_OUTBOX_DIR: "/tmp/outbox" }, ["NOTIFICATIONS_OUTBOX_DIR"]],
    ["no event queue", { EVENTS_DATABASE_URL: undefined }, ["EVENTS_DATABASE_URL"]],
  ])("refuses %s in production", (_case, change, names) => {
    expect(problems({ ...production, ...change }).sort()).toEqual(names.sort());
  });
});
