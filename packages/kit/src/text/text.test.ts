import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanCountryCode, COUNTRY_CODES } from "./countries.ts";
import { cleanOptionalText, cleanText, codePointLength, isUnstorableText, isWellFormed } from "./text.ts";

const RULE = { min: 1, max: 20 };
const badInput = (field: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field }) });

/** Runs `clean`, returning its result or undefined when it refused the input with BAD_USER_INPUT. */
function attempt(clean: () => string): string | undefined {
  try {
    return clean();
  } catch (error) {
    expect(error).toEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    return undefined;
  }
}

const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);

describe("cleanText", () => {
  it("trims and normalises to NFC, so one text typed two ways is one value", () => {
    expect(cleanText("  Cafe\u0301 ", "name", RULE)).toBe("Caf\u00e9");
    expect(cleanText("Caf\u00e9", "name", RULE)).toBe(cleanText("Cafe\u0301", "name", RULE));
  });

  it.each([
    ["a NUL", "a\u0000b"],
    ["a line break", "a\nb"],
    ["an escape sequence", "red\u001b[31m"],
    ["a C1 control", "a\u0085b"],
    ["a line separator", "a\u2028b"],
    ["a right-to-left override", "photo\u202Egpj.exe"],
    ["a bidi isolate", "a\u2066b\u2069"],
    ["a right-to-left mark", "a\u200Fb"],
    ["an Arabic letter mark", "a\u061Cb"],
    ["a lone surrogate", "a\uD800b"],
  ])("refuses %s, naming the field", (_case, value) => {
    expect(() => cleanText(value, "input.name", RULE)).toThrow(badInput("input.name"));
  });

  it("counts characters as code points, not UTF-16 units", () => {
    expect(cleanText("🙂".repeat(20), "name", RULE)).toHaveLength(40);
    expect(() => cleanText("🙂".repeat(21), "name", RULE)).toThrow(/at most 20 characters/);
    expect(() => cleanText("   ", "name", RULE)).toThrow(/must not be empty/);
    expect(() => cleanText("ab", "name", { min: 3, max: 5 })).toThrow(/at least 3 characters/);
  });

  it("allows line feeds and tabs in multi-line text, with CRLF made LF, and still refuses other controls", () => {
    expect(cleanText(" line 1\r\n\tline 2\rline 3 ", "description", { min: 1, max: 100, multiline: true })).toBe(
      "line 1\n\tline 2\nline 3",
    );
    expect(() => cleanText("a\u0000b", "description", { min: 1, max: 100, multiline: true })).toThrow(badInput("description"));
    expect(() => cleanText("a\u202Eb", "description", { min: 1, max: 100, multiline: true })).toThrow(badInput("description"));
  });

  it("property: whatever it accepts is trimmed NFC within the bounds, without forbidden characters, and cleaning it again changes nothing", () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (value, multiline) => {
        const rule = { min: 1, max: 12, multiline };
        const cleaned = attempt(() => cleanText(value, "x", rule));
        if (cleaned === undefined) return;
        expect(cleaned).toBe(cleaned.normalize("NFC"));
        expect(cleaned).toBe(cleaned.trim());
        expect(codePointLength(cleaned)).toBeGreaterThanOrEqual(1);
        expect(codePointLength(cleaned)).toBeLessThanOrEqual(12);
        expect(isWellFormed(cleaned)).toBe(true);
        expect(cleaned).not.toMatch(
          multiline
            ? /(?![\t\n])[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u
            : /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u,
        );
        expect(cleanText(cleaned, "x", rule)).toBe(cleaned);
      }),
      { numRuns: 500 },
    );
  });

  it("property: a refusal is always BAD_USER_INPUT naming the field, never another error", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        try {
          cleanText(value, "input.note", { min: 2, max: 5 });
        } catch (error) {
          expect(error).toEqual(badInput("input.note"));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("cleanOptionalText", () => {
  it("reads null, undefined and blank as none, and cleans the rest", () => {
    expect(cleanOptionalText(null, "x", { max: 5 })).toBeNull();
    expect(cleanOptionalText(undefined, "x", { max: 5 })).toBeNull();
    expect(cleanOptionalText("  ", "x", { max: 5 })).toBeNull();
    expect(cleanOptionalText(" ab ", "x", { max: 5 })).toBe("ab");
    expect(() => cleanOptionalText("a\u202Eb", "x", { max: 5 })).toThrow(badInput("x"));
  });
});

describe("codePointLength and isUnstorableText", () => {
  it("property: codePointLength counts what the string iterator yields", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(codePointLength(value)).toBe([...value].length);
      }),
    );
  });

  it("marks only NUL and lone surrogates as unstorable", () => {
    expect(isUnstorableText("a\u0000")).toBe(true);
    expect(isUnstorableText("\uDC00")).toBe(true);
    expect(isUnstorableText("\u202E\u0001🙂é")).toBe(false);
  });
});

describe("cleanCountryCode", () => {
  it("accepts every assigned ISO 3166-1 alpha-2 code, in any case, with spaces around", () => {
    expect(COUNTRY_CODES.size).toBe(249);
    for (const code of COUNTRY_CODES) expect(cleanCountryCode(` ${code.toLowerCase()} `)).toBe(code);
  });

  it.each(["", "USA", "EU", "UN", "QO", "XK", "U S", "1A"])("refuses %j", (value) => {
    expect(() => cleanCountryCode(value, "input.country")).toThrow(badInput("input.country"));
  });
});
