import { cleanText } from "@amazoff/kit";

// Emails are normalised by the kit's text toolkit (one rule for every subgraph that takes one).
export { EMAIL_MAX_LENGTH, normaliseEmail } from "@amazoff/kit";
export const DISPLAY_NAME_MAX_LENGTH = 100;

export const cleanDisplayName = (value: string, field = "displayName") => cleanText(value, field, { min: 1, max: DISPLAY_NAME_MAX_LENGTH });
