import { uuidV5 } from "@amazoff/kit";
import { CATALOG_TREE, type LeafCategory, type ProductLine } from "./catalog-data.ts";
import { Random } from "./random.ts";

/** Namespace of every demo id, so that each subgraph's seed derives the same ids. */
export const DEMO_NAMESPACE = "3b241101-e2bb-4255-8caf-4136c566a962";

export const demoCategoryId = (slug: string) => uuidV5(DEMO_NAMESPACE, `category:${slug}`);
export const demoProductId = (sku: string) => uuidV5(DEMO_NAMESPACE, `product:${sku}`);

export interface DemoCategory {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
}

/** Who the shop buys from (staff-only data in the catalog). */
export const DEMO_SUPPLIERS = [
  { name: "Northwind Distribution Ltd", contactEmail: "orders@northwind.example", country: "GB" },
  { name: "Pacific Goods Trading Co.", contactEmail: "sales@pacificgoods.example", country: "US" },
  { name: "Rheinland Handelshaus GmbH", contactEmail: "vertrieb@rheinland.example", country: "DE" },
  { name: "Lumen Wholesale SAS", contactEmail: "commandes@lumen-wholesale.example", country: "FR" },
  { name: "Sakura Import KK", contactEmail: "import@sakura.example", country: "JP" },
  { name: "Maple Leaf Supply Inc.", contactEmail: "supply@mapleleaf.example", country: "CA" },
] as const;

export const demoSupplierId = (name: string) => uuidV5(DEMO_NAMESPACE, `supplier:${name}`);

export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  slug: string;
  description: string;
  priceAmount: number;
  currency: "USD";
  categoryId: string;
  /** Brand or publisher. */
  brand: string;
  supplierId: string;
  tags: string[];
  createdAt: Date;
}

/** All demo categories, parents before children. */
export function demoCategories(): DemoCategory[] {
  return CATALOG_TREE.flatMap((top) => {
    const parentId = demoCategoryId(top.slug);
    return [
      { id: parentId, name: top.name, slug: top.slug, parentId: null },
      ...top.children.map((leaf) => ({ id: demoCategoryId(leaf.slug), name: leaf.name, slug: leaf.slug, parentId })),
    ];
  });
}

const LEAVES: LeafCategory[] = CATALOG_TREE.flatMap((top) => top.children);

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A shop-like price in cents: $x.99 below $100, whole $5 steps minus a cent above. */
function shopPrice(random: Random, [min, max]: [number, number]): number {
  const cents = random.int(min, max);
  if (cents < 10_000) return Math.max(99, Math.round(cents / 100) * 100 - 1);
  return Math.round(cents / 500) * 500 - 1;
}

function title(line: ProductLine, brand: string, model: string): string {
  return (line.title ?? "{brand} {model} {noun}").replace("{brand}", brand).replace("{model}", model).replace("{noun}", line.noun);
}

const EPOCH = Date.UTC(2025, 0, 1);

function brandHash(brand: string): number {
  let h = 0;
  for (const c of brand) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

const COLOURS = new Set([
  "black",
  "white",
  "silver",
  "graphite",
  "red",
  "blue",
  "green",
  "grey",
  "brown",
  "tan",
  "cream",
  "ivory",
  "coral",
  "sage",
  "navy",
  "olive",
  "oak",
  "walnut",
  "plum",
  "ochre",
  "sand",
  "camel",
  "oatmeal",
  "charcoal",
]);

/** A tag for a variant that names a colour or a material-like attribute (e.g. "navy", "hardcover"). */
function tagOf(variant: string): string | null {
  const words = variant.toLowerCase().split(/\s+/);
  const colour = words.find((w) => COLOURS.has(w));
  if (colour) return colour;
  const slug = slugify(variant);
  return ["hardcover", "paperback", "non-stick", "cast-iron", "stainless-steel", "wireless"].includes(slug) ? slug : null;
}

const brandInTitle = (line: ProductLine) => (line.title ?? "{brand}").includes("{brand}");

/** Distinct names a line can produce: brands (when named) x models x every variant's options. */
function combinations(leaf: LeafCategory, line: ProductLine): number {
  const brands = brandInTitle(line) ? leaf.brands.length : 1;
  return brands * line.models.length * line.variants.reduce((n, options) => n * options.length, 1);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

interface Choice {
  line: ProductLine;
  brand: string;
  model: string;
  variants: string[];
}

/**
 * The k-th product of a leaf category: combination number (k * stride) mod total, decoded into a
 * line, brand, model and variants. A stride coprime with the total visits every combination once
 * before any repeats, so the first `total` products of a leaf all have different names while
 * neighbours still differ in more than their last variant.
 */
function choose(leaf: LeafCategory, k: number, random: Random): Choice {
  const total = leaf.lines.reduce((n, line) => n + combinations(leaf, line), 0);
  const stride = [7919, 7927, 7933, 7937].find((p) => gcd(p, total) === 1) ?? 1;
  let c = (k * stride) % total;
  let line = leaf.lines[0]!;
  for (const candidate of leaf.lines) {
    const size = combinations(leaf, candidate);
    if (c < size) {
      line = candidate;
      break;
    }
    c -= size;
  }
  const variants = line.variants.map((options) => {
    const option = options[c % options.length]!;
    c = Math.floor(c / options.length);
    return option;
  });
  const model = line.models[c % line.models.length]!;
  c = Math.floor(c / line.models.length);
  const brand = brandInTitle(line) ? leaf.brands[c % leaf.brands.length]! : random.pick(leaf.brands);
  return { line, brand, model, variants };
}

/**
 * The i-th demo product (0-based). Pure: the same index always gives the same product, so the
 * seed is idempotent and any subgraph can recompute ids, SKUs and prices.
 */
export function demoProduct(index: number): DemoProduct {
  const random = new Random(index + 1);
  const leaf = LEAVES[index % LEAVES.length]!;
  const { line, brand, model, variants } = choose(leaf, Math.floor(index / LEAVES.length), random);
  const name = [title(line, brand, model), ...variants].join(", ");
  const sku = `${leaf.code}-${String(index + 1).padStart(6, "0")}`;
  const features = random.sample(line.features, Math.min(line.features.length, random.int(2, 3)));
  const made = line.title === "{model}" ? `Published by ${brand}.` : `Designed by ${brand}.`;
  const description = [`${title(line, brand, model)} (${variants.join(", ")}).`, ...features, made].join(" ");
  return {
    id: demoProductId(sku),
    sku,
    name,
    slug: `${slugify(name)}-${sku.toLowerCase()}`,
    description,
    priceAmount: shopPrice(random, line.price),
    currency: "USD",
    categoryId: demoCategoryId(leaf.slug),
    brand,
    supplierId: demoSupplierId(DEMO_SUPPLIERS[brandHash(brand) % DEMO_SUPPLIERS.length]!.name),
    tags: [...new Set([slugify(line.noun), leaf.slug, ...variants.map(tagOf).filter((t): t is string => t !== null)])],
    // Spread over the catalog's first two years, one product every ~90 minutes.
    createdAt: new Date(EPOCH + index * 90 * 60_000 + random.int(0, 3_600_000)),
  };
}

/** The first `count` demo products. */
export function* demoProducts(count: number, from = 0): Generator<DemoProduct> {
  for (let i = from; i < count; i += 1) yield demoProduct(i);
}
