import type { PersonalDataExportResolvers } from "../generated/graphql.ts";

// userId and generatedAt come from the model; `account` is gathered only when asked for.
export const PersonalDataExport: PersonalDataExportResolvers = {
  __resolveReference: (reference, ctx) => ctx.personalData.byReference(ctx, reference.userId),
  account: (request, _args, ctx) => ctx.personalData.account(ctx, request),
};
