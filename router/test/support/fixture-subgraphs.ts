import {
  createLogger,
  createTokenVerifier,
  jwksFromUrl,
  requireViewer,
  startSubgraphServer,
  type RequestBase,
  type RunningServer,
} from "@amazoff/kit";
import { parse } from "graphql";
import { ACCOUNTS_SDL, SHOP_SDL } from "./schemas.ts";

export const PRODUCTS = [
  { id: "1", name: "Lamp", price: 1000, cost: 400, margin: 600, supplier: { id: "s1", name: "Acme" }, status: "ACTIVE" },
  { id: "2", name: "Desk", price: 9900, cost: 5000, margin: 4900, supplier: null, status: "HIDDEN" },
];

export interface FixtureSubgraphs {
  shop: RunningServer;
  accounts: RunningServer;
  /** Calls of the `restock` mutation's resolver. */
  restocks: number;
  stop(): Promise<void>;
}

/**
 * The fixture subgraphs of schemas.ts, served by the kit like every Amazoff subgraph: each
 * verifies the token the router forwards (against the same JWKS) and `whoami` answers with the
 * viewer it verified.
 */
export async function startFixtureSubgraphs(jwksUrl: string): Promise<FixtureSubgraphs> {
  const logger = createLogger({ service: "fixture", level: "silent" });
  const verifier = createTokenVerifier(jwksFromUrl(jwksUrl));
  const state = { restocks: 0 };
  const shop = await startSubgraphServer({
    name: "shop",
    typeDefs: parse(SHOP_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    verifier,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: {
        products: () => PRODUCTS,
        product: (_: unknown, { id }: { id: string }) => PRODUCTS.find((p) => p.id === id) ?? null,
        search: () => [
          { __typename: "Product", ...PRODUCTS[0] },
          { __typename: "Supplier", id: "s1", name: "Acme" },
        ],
        feed: () => [
          { __typename: "Article", id: "a1", title: "Hello", notes: "article notes" },
          { __typename: "Memo", id: "m1", title: "Q3", notes: "memo notes", body: "numbers" },
        ],
        publicNote: () => "public",
        staffNote: () => "staff only",
        partnerNote: () => "partners",
        inventoryReport: () => "report",
      },
      Mutation: {
        ping: () => "pong",
        restock: (_: unknown, { id }: { id: string }) => {
          state.restocks++;
          return PRODUCTS.find((p) => p.id === id) ?? null;
        },
      },
      Product: { __resolveReference: (ref: { id: string }) => PRODUCTS.find((p) => p.id === ref.id) },
      SearchResult: { __resolveType: (value: { __typename: string }) => value.__typename },
      Post: { __resolveType: (value: { __typename: string }) => value.__typename },
    },
  });
  const accounts = await startSubgraphServer({
    name: "accounts",
    typeDefs: parse(ACCOUNTS_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    verifier,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: {
        me: (_: unknown, __: unknown, { viewer }: RequestBase) => {
          const v = requireViewer(viewer);
          return { id: v.userId, email: `${v.userId}@example.com`, displayName: v.userId };
        },
        whoami: (_: unknown, __: unknown, { viewer }: RequestBase) => viewer?.userId ?? "anonymous",
      },
      Product: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, reviewCount: ref.id === "1" ? 3 : 0 }) },
      Account: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, email: `${ref.id}@example.com`, displayName: ref.id }) },
    },
  });
  return Object.assign(state, {
    shop,
    accounts,
    stop: async () => {
      await shop.stop();
      await accounts.stop();
    },
  });
}
