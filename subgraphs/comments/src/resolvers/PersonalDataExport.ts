import { ForbiddenError, requireViewer } from "@amazoff/kit";
import type { PersonalDataExportResolvers } from "../generated/graphql.ts";

/** The comments part of a person's data export: only for that person. */
export const PersonalDataExport: PersonalDataExportResolvers = {
  __resolveReference: (reference, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.userId !== reference.userId) throw new ForbiddenError("A data export is only for the person it describes");
    return reference;
  },
  comments: (data, _args, ctx) => ctx.comments.exportFor(ctx, data.userId),
};
