import { DateTimeScalar, JSONScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { Comment } from "./Comment.ts";
import { Event } from "./Event.ts";
import { addComment } from "./Mutation/addComment.ts";
import { deleteComment } from "./Mutation/deleteComment.ts";
import { editComment } from "./Mutation/editComment.ts";
import { PersonalDataExport } from "./PersonalDataExport.ts";
import { Product } from "./Product.ts";
import { comments } from "./Query/comments.ts";

// CommentConnection, CommentEdge and PageInfo are plain objects (kit's toConnection); User is only
// a key here (resolvable: false), so it needs no resolver.
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  PersonalDataExport,
  Query: { comments },
  Mutation: { addComment, editComment, deleteComment },
  Comment,
  Product,
  Event,
};
