export { cleanCountryCode, COUNTRY_CODES } from "./countries.ts";
export { EMAIL_MAX_LENGTH, normaliseEmail } from "./email.ts";
export { cleanOptionalText, cleanText, codePointLength, isUnstorableText, isWellFormed, type TextRule } from "./text.ts";
export { unstorableTextGuard } from "./unstorable-text.plugin.ts";
