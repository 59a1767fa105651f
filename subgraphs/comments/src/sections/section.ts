import { BadUserInputError, isUuid } from "@amazoff/kit";

/**
 * What a thread is about, named by its section id:
 * - `product:<uuid>`: a product of the catalog (it must exist to be commented on);
 * - `event:<uuid>`: an event of the events subgraph (likewise);
 * - `page:<slug>`: a free page of the shop, any slug of lower-case letters and digits in words
 *   joined by single hyphens, at most 64 characters (e.g. `page:shipping-and-returns`).
 * Prefixes are lower case; a UUID is accepted in either case and stored in lower case, so one
 * product has one thread however its id is written.
 */
export type Section = { kind: "product"; productId: string } | { kind: "event"; eventId: string } | { kind: "page"; slug: string };

export const MAX_SLUG_LENGTH = 64;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FORMAT_HELP = "`product:<id>`, `event:<id>` or `page:<slug>`";

/** The canonical section id (what is stored and listed). */
export function sectionKey(section: Section): string {
  switch (section.kind) {
    case "product":
      return `product:${section.productId}`;
    case "event":
      return `event:${section.eventId}`;
    case "page":
      return `page:${section.slug}`;
  }
}

/** Parses a section id; BAD_USER_INPUT naming `field` when it names nothing we know. */
export function parseSection(value: string, field = "sectionId"): Section {
  const colon = value.indexOf(":");
  const prefix = colon < 0 ? "" : value.slice(0, colon);
  const rest = colon < 0 ? "" : value.slice(colon + 1);
  const fail = (reason: string): never => {
    throw new BadUserInputError(`\`${field}\` ${reason}`, field);
  };
  switch (prefix) {
    case "product":
      if (!isUuid(rest)) fail("has no valid product id after `product:`");
      return { kind: "product", productId: rest.toLowerCase() };
    case "event":
      if (!isUuid(rest)) fail("has no valid event id after `event:`");
      return { kind: "event", eventId: rest.toLowerCase() };
    case "page":
      if (rest.length > MAX_SLUG_LENGTH || !SLUG.test(rest))
        fail(`has no valid page slug after \`page:\` (lower-case letters and digits, words joined by hyphens, at most ${MAX_SLUG_LENGTH})`);
      return { kind: "page", slug: rest };
    default:
      return fail(`must be ${FORMAT_HELP}`);
  }
}

/** The section a Product or Event entity's thread lives in. */
export const productSection = (productId: string): string => sectionKey({ kind: "product", productId: productId.toLowerCase() });
export const eventSection = (eventId: string): string => sectionKey({ kind: "event", eventId: eventId.toLowerCase() });
