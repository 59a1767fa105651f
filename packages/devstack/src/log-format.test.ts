import { describe, expect, it } from "vitest";
import { formatLogLine } from "./log-format.ts";

describe("formatLogLine", () => {
  it("turns pino JSON into a short readable line with the extra fields", () => {
    const line = JSON.stringify({ level: 30, time: "2026-11-22T10:11:12.345Z", service: "catalog", msg: "ready", url: "http://x", n: 3 });
    expect(formatLogLine("catalog", line, false)).toBe("10:11:12 [catalog]       INFO  ready  url=http://x n=3");
  });
  it("colours warnings and errors only when asked", () => {
    const line = JSON.stringify({ level: 50, time: "2026-11-22T10:11:12.345Z", msg: "boom" });
    expect(formatLogLine("router", line, true)).toMatch(/^\x1b\[31m.*ERROR boom\x1b\[0m$/);
    expect(formatLogLine("router", line, false)).not.toContain("\x1b");
  });
  it("passes other output through, tagged", () => {
    expect(formatLogLine("router", "plain text {", false)).toBe("[router]        plain text {");
    expect(formatLogLine("router", "{not json", false)).toBe("[router]        {not json");
  });
});
