import { describe, expect, it } from "vitest";
import { formatLogLine } from "./log-format.ts";

/** The escape character that starts ANSI colour sequences. */
const ESC = "\u001b";

describe("formatLogLine", () => {
  it("turns pino JSON into a short readable line with the extra fields", () => {
    const line = JSON.stringify({ level: 30, time: "2026-11-22T10:11:12.345Z", service: "catalog", msg: "ready", url: "http://x", n: 3 });
    expect(formatLogLine("catalog", line, false)).toBe("10:11:12 [catalog]       INFO  ready  url=http://x n=3");
  });
  it("colours warnings and errors only when asked", () => {
    const line = JSON.stringify({ level: 50, time: "2026-11-22T10:11:12.345Z", msg: "boom" });
    expect(formatLogLine("router", line, true)).toMatch(new RegExp(`^${ESC}\\[31m.*ERROR boom${ESC}\\[0m$`));
    expect(formatLogLine("router", line, false)).not.toContain(ESC);
  });
  it("passes other output through, tagged", () => {
    expect(formatLogLine("router", "plain text {", false)).toBe("[router]        plain text {");
    expect(formatLogLine("router", "{not json", false)).toBe("[router]        {not json");
  });
});
