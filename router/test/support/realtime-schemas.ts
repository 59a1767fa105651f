/**
 * Fixture subgraphs for subscriptions, shaped like the platform's (the contract with the
 * notifications subgraph): `alerts` serves the Subscription fields over graphql-ws and returns
 * entity references that `orders` and `catalog` complete through the query plan.
 */
export const ALERTS_SDL = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])

  type Query {
    alertsVersion: String
  }

  type Subscription {
    "The caller's own notifications."
    notificationAdded: Notification! @authenticated
    "The owner's or staff's; a stranger gets NOT_FOUND."
    orderStatusChanged(orderId: ID!): OrderStatusUpdate!
    "Public."
    stockChanged(productId: ID!): StockUpdate!
  }

  type Notification @key(fields: "id") {
    id: ID!
    title: String!
    body: String
    order: Order
    product: Product
    "Staff only."
    internalNote: String @policy(policies: [["staff"]])
  }

  type OrderStatusUpdate {
    order: Order!
    status: String!
  }

  type StockUpdate {
    product: Product!
    quantity: Int!
  }

  type Order @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Product @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

export const ORDERS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

  type Query {
    order(id: ID!): Order
  }

  type Order @key(fields: "id") {
    id: ID!
    status: String!
    total: Int!
    items: [OrderItem!]!
  }

  type OrderItem {
    quantity: Int!
    product: Product!
  }

  type Product @key(fields: "id", resolvable: false) {
    id: ID!
  }
`;

export const CATALOG_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

  type Query {
    product(id: ID!): Product
  }

  type Product @key(fields: "id") {
    id: ID!
    name: String!
    inStock: Boolean
  }
`;

export const ORDERS = [
  { id: "o1", ownerId: "customer-1", status: "PAID", total: 2500, items: [{ quantity: 2, product: { id: "p1" } }] },
  { id: "o2", ownerId: "customer-2", status: "PAID", total: 990, items: [{ quantity: 1, product: { id: "p2" } }] },
];

export const CATALOG = [
  { id: "p1", name: "Lamp", inStock: true },
  { id: "p2", name: "Desk", inStock: false },
];
