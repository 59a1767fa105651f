import type { RequestBase } from "@amazoff/kit";
import type { CommentLoaders } from "./loaders.ts";

/**
 * What services take first: the caller (viewer, request id, logger) and the request's loaders,
 * not the resolver context that holds the services themselves.
 */
export interface CommentsRequest extends RequestBase {
  loaders: CommentLoaders;
}
