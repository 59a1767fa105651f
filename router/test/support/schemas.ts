/**
 * Fixture subgraphs with every kind of authorization requirement: on fields, object types,
 * scalars, enums, interface implementations, a union member, root mutation fields, and across
 * two subgraphs. Used by the unit tests (composed) and the integration tests (served).
 */
export const SHOP_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])

  type Query {
    products: [Product!]!
    product(id: ID!): Product
    search(text: String!): [SearchResult]!
    feed: [Post!]!
    publicNote: String
    staffNote: String @policy(policies: [["staff"]])
    "Admins, or partners signed in with a session (never with an API key)."
    partnerNote: String @policy(policies: [["admin"], ["partner", "session"]])
    inventoryReport: String @requiresScopes(scopes: [["inventory:read", "catalog:write"], ["users:admin"]])
  }

  type Mutation {
    ping: String
    restock(id: ID!, quantity: Int!): Product @policy(policies: [["staff"]])
  }

  type Product @key(fields: "id") {
    id: ID!
    name: String!
    price: Int!
    "Needs @authenticated (from Money) AND inventory:read."
    cost: Money @requiresScopes(scopes: [["inventory:read"]])
    margin: Int! @policy(policies: [["staff"]])
    supplier: Supplier
    status: Status
  }

  "Staff only: every field returning a Supplier is."
  type Supplier @policy(policies: [["staff"]]) {
    id: ID!
    name: String!
  }

  scalar Money @authenticated

  enum Status @requiresScopes(scopes: [["catalog:write"]]) {
    ACTIVE
    HIDDEN
  }

  union SearchResult = Product | Supplier

  interface Post {
    id: ID!
    title: String!
    notes: String
  }

  type Article implements Post {
    id: ID!
    title: String!
    notes: String @authenticated
  }

  type Memo implements Post {
    id: ID!
    title: String!
    notes: String @policy(policies: [["staff"]])
    body: String @policy(policies: [["staff"]])
  }
`;

export const ACCOUNTS_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes"])

  type Query {
    me: Account @authenticated
    "Who the subgraph itself sees (from the forwarded token): 'anonymous' or a user id."
    whoami: String!
  }

  type Account @key(fields: "id") {
    id: ID!
    email: String! @requiresScopes(scopes: [["users:read:own"]])
    displayName: String
  }

  type Product @key(fields: "id") {
    id: ID!
    reviewCount: Int @authenticated
  }
`;

/** The same requirements under other names: imports renamed with `as:`. */
export const RENAMED_SDL = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", { name: "@authenticated", as: "@signedIn" }, { name: "@requiresScopes", as: "@scopes" }, { name: "@policy", as: "@allow" }]
    )

  type Query {
    open: String
    mine: String @signedIn
    stock: Int @scopes(scopes: [["inventory:read"], ["catalog:write"]])
    audit: String @allow(policies: [["admin"]])
    vault: Vault
  }

  type Vault @signedIn {
    secret: String @scopes(scopes: [["users:admin"]])
  }
`;
