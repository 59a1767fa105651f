import { uuidV5 } from "@amazoff/kit";
import { DEMO_NAMESPACE, demoProduct } from "./catalog.ts";
import { Random } from "./random.ts";
import { demoUserId } from "./users.ts";

/** Free pages of the shop that carry a demo thread (`page:<slug>`). */
export const DEMO_COMMENT_PAGES = ["shipping-and-returns", "black-friday-2026", "about-amazoff"] as const;

/** Demo products with a thread: every 12th of the first 600, the first one with a long thread (paging). */
export const DEMO_COMMENTED_PRODUCTS = Array.from({ length: 50 }, (_, i) => i * 12);

export interface DemoComment {
  id: string;
  sectionId: string;
  authorId: string;
  body: string | null;
  replyToId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  deletedBy: "AUTHOR" | "STAFF" | null;
  deletionReason: string | null;
}

/** Threads end a little before this instant (fixed, so every run agrees). */
const LATEST = Date.UTC(2026, 10, 28, 18, 0, 0);
const MINUTE = 60_000;

const PRODUCT_OPENERS = [
  "Does anyone know how this holds up after a few months of daily use?",
  "Bought this last week. Solid build, and it arrived a day early.",
  "Is the colour in the photos accurate? Mine looks slightly darker.",
  "Great value for the price. I'd buy it again.",
  "Can this be returned if the box has been opened?",
  "Mine stopped working after two weeks. Anyone else?",
  "How does it compare to the previous model?",
  "Gift for my brother - he loved it.\nThe packaging was nice too.",
  "Is there a warranty, and how long is it?",
  "Works as described. Nothing more, nothing less.",
];
const CUSTOMER_REPLIES = [
  "Same experience here.",
  "Mine is still going strong after six months.",
  "I had the same question - thanks for asking.",
  "Not in my case, mine works fine.",
  "The newer one is lighter, but this one is sturdier.",
];
const STAFF_REPLIES = [
  "Thanks for the feedback! Any unopened or opened item can be returned within 30 days.",
  "Hi! This product carries a two-year warranty. Contact support with your order number.",
  "Sorry to hear that. Please reach out to support and we'll send a replacement.",
];
const PAGE_STAFF_REPLIES = [
  "Yes - dropping a return at any of our stores is free.",
  "Standard shipping to Canada takes 5 to 8 business days.",
  "Stay tuned: we'll announce more deals on this page.",
];
const PAGE_CUSTOMER_REPLIES = ["Good to know, thanks!", "+1, I'd love that too.", "Same question here."];
const PAGE_OPENERS = [
  "Do returns really cost nothing if I drop them at a store?",
  "Will there be more deals on headphones this year?",
  "Love the new store in SoHo!",
  "How long does standard shipping take to Canada?",
  "Any plans for a loyalty program?",
];

const CUSTOMER = demoUserId("customer");
const STAFF = [demoUserId("employee"), demoUserId("admin")];
const PARTNER = demoUserId("partner");

/**
 * The demo threads, as a pure function of nothing: the same comments with the same ids on every
 * run, so the comments seed is idempotent. Authors are the demo accounts; staff answer some
 * questions; one thread shows an edit, one a comment deleted by its author and one removed by
 * staff with a reason.
 */
export function demoComments(): DemoComment[] {
  const sections = [
    ...DEMO_COMMENTED_PRODUCTS.map((index) => ({ id: `product:${demoProduct(index).id}`, page: false, seed: index })),
    ...DEMO_COMMENT_PAGES.map((slug, i) => ({ id: `page:${slug}`, page: true, seed: 10_000 + i })),
  ];
  const all: DemoComment[] = [];
  for (const [s, section] of sections.entries()) {
    const random = new Random(700_001 + section.seed);
    const threads = s === 0 ? 24 : random.int(1, 4);
    let at = LATEST - random.int(1, 48 * 60) * MINUTE;
    for (let t = 0; t < threads; t += 1) {
      at -= random.int(30, 36 * 60) * MINUTE;
      const rootAt = at;
      const root = comment(section.id, all.length, {
        authorId: random.next() < 0.85 ? CUSTOMER : PARTNER,
        body: random.pick(section.page ? PAGE_OPENERS : PRODUCT_OPENERS),
        createdAt: new Date(rootAt),
      });
      all.push(root);
      const replies = random.int(0, 2);
      for (let r = 0; r < replies; r += 1) {
        const staff = random.next() < 0.4;
        all.push(
          comment(section.id, all.length, {
            authorId: staff ? random.pick(STAFF) : CUSTOMER,
            body: random.pick(
              section.page ? (staff ? PAGE_STAFF_REPLIES : PAGE_CUSTOMER_REPLIES) : staff ? STAFF_REPLIES : CUSTOMER_REPLIES,
            ),
            replyToId: root.id,
            createdAt: new Date(rootAt + (r + 1) * random.int(5, 600) * MINUTE),
          }),
        );
      }
    }
  }
  // A few moments of a thread's life, on the long first thread.
  const first = all.filter((c) => c.sectionId === sections[0]!.id && c.replyToId === null);
  Object.assign(first[1]!, {
    body: `${first[1]!.body} (Edit: it was a setting, all good now.)`,
    editedAt: new Date(first[1]!.createdAt.getTime() + 20 * MINUTE),
  });
  Object.assign(first[2]!, { body: null, deletedAt: new Date(first[2]!.createdAt.getTime() + 5 * MINUTE), deletedBy: "AUTHOR" });
  Object.assign(first[3]!, {
    body: null,
    deletedAt: new Date(first[3]!.createdAt.getTime() + 60 * MINUTE),
    deletedBy: "STAFF",
    deletionReason: "Advertising for another shop",
  });
  return all;
}

function comment(
  sectionId: string,
  n: number,
  fields: { authorId: string; body: string; createdAt: Date; replyToId?: string },
): DemoComment {
  return {
    id: uuidV5(DEMO_NAMESPACE, `comment:${n}`),
    sectionId,
    authorId: fields.authorId,
    body: fields.body,
    replyToId: fields.replyToId ?? null,
    createdAt: fields.createdAt,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    deletionReason: null,
  };
}
