import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Generated TypeScript, never committed (`npm run codegen`; turbo runs it before typecheck).
 * - Resolver types per subgraph, from its schema-first SDL, with `federation: true` so
 *   `__resolveReference` is typed, and mappers so resolvers receive our domain models.
 * - The web client's typed documents are added here by the web client issue.
 */
const scalars = { DateTime: { input: "Date", output: "Date | string" } };

function subgraph(name: string, contextType: string, mappers: Record<string, string>): CodegenConfig["generates"] {
  return {
    [`subgraphs/${name}/src/generated/graphql.ts`]: {
      schema: `subgraphs/${name}/schema.graphql`,
      plugins: ["typescript", "typescript-resolvers"],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType,
        mappers,
        scalars,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        resolversNonOptionalTypename: false,
        maybeValue: "T | null",
        mapperTypeSuffix: "Model",
      },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...subgraph("catalog", "../context.ts#CatalogContext", {
      Product: "../products/product.model.ts#Product",
      Category: "../categories/category.model.ts#Category",
      ProductConnection: "../products/product.service.ts#ProductConnection",
      ProductFacets: "../products/product.model.ts#ProductFacets",
      CategoryFacet: "../products/product.model.ts#CategoryCount",
      PriceBucket: "../products/product.model.ts#PriceBucketCount",
      Supplier: "../suppliers/supplier.model.ts#Supplier",
      SupplierConnection: "@amazoff/kit#Connection<SupplierModel>",
      Money: "@amazoff/kit#Money",
    }),
    ...subgraph("inventory", "../context.ts#InventoryContext", {
      Product: "../products/product.model.ts#ProductRef",
      Store: "../stores/store.model.ts#Store",
      StockLevel: "../stock/stock.model.ts#StockLevel",
      StockAdjustment: "../adjustments/adjustment.model.ts#StockAdjustment",
      StockAdjustmentConnection: "@amazoff/kit#Connection<StockAdjustmentModel>",
    }),
    ...subgraph("payments", "../context.ts#PaymentsContext", {
      Order: "../payments/payment.model.ts#OrderRef",
      Payment: "../payments/payment.model.ts#Payment",
      Refund: "../payments/payment.model.ts#Refund",
      Money: "@amazoff/kit#Money",
    }),
    ...subgraph("cart", "../context.ts#CartContext", {
      Cart: "../carts/cart.model.ts#Cart",
      CartItem: "../carts/cart.model.ts#CartLine",
      Product: "../carts/cart.model.ts#EntityRef",
      User: "../carts/cart.model.ts#EntityRef",
      Money: "@amazoff/kit#Money",
    }),
    ...subgraph("orders", "../context.ts#OrdersContext", {
      Order: "../orders/order.model.ts#Order",
      OrderConnection: "@amazoff/kit#Connection<OrderModel>",
      OrderStatusChange: "../orders/order.model.ts#StatusChange",
      User: "../orders/order.model.ts#UserRef",
      Money: "@amazoff/kit#Money",
    }),
    ...subgraph("notifications", "../context.ts#NotificationsContext", {
      Notification: "../notifications/notification.model.ts#Notification",
      NotificationConnection: "@amazoff/kit#Connection<NotificationModel>",
      NotificationPreferences: "../preferences/preference.model.ts#Preferences",
      OrderStatusUpdate: "../realtime/realtime.model.ts#OrderStatusUpdate",
      StockUpdate: "../realtime/realtime.model.ts#StockUpdate",
      User: "../notifications/notification.model.ts#EntityRef",
      Order: "../notifications/notification.model.ts#EntityRef",
      Product: "../notifications/notification.model.ts#EntityRef",
    }),
    ...subgraph("comments", "../context.ts#CommentsContext", {
      Comment: "../comments/comment.model.ts#Comment",
      CommentConnection: "@amazoff/kit#Connection<CommentModel>",
      Product: "../comments/comment.model.ts#EntityRef",
      Event: "../comments/comment.model.ts#EntityRef",
      User: "../comments/comment.model.ts#EntityRef",
    }),
    ...subgraph("users", "../context.ts#UsersContext", {
      User: "../users/user.model.ts#User",
      Address: "../addresses/address.model.ts#Address",
      ApiKey: "../api-keys/api-key.model.ts#ApiKey",
      CreatedApiKey: "../api-keys/api-key.model.ts#CreatedApiKey",
      AuthPayload: "../sessions/session.model.ts#AuthPayload",
      SignedInUser: "../users/user.model.ts#User",
      UserConnection: "@amazoff/kit#Connection<UserModel>",
      ApiKeyConnection: "@amazoff/kit#Connection<ApiKeyModel>",
      PersonalDataExport: "../gdpr/personal-data.model.ts#PersonalDataExport",
    }),
  },
};

export default config;
