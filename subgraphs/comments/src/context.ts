import type { RequestBase } from "@amazoff/kit";
import { CommentWriteService } from "./comments/comment-write.service.ts";
import { CommentRepository } from "./comments/comment.repository.ts";
import { CommentService } from "./comments/comment.service.ts";
import type { CommentsDb } from "./db.ts";
import { createLoaders } from "./loaders.ts";
import type { CatalogPeer } from "./peers/catalog.peer.ts";
import type { EventsPeer } from "./peers/events.peer.ts";
import { RateLimitRepository } from "./rate-limits/rate-limit.repository.ts";
import { CommentRateLimiter } from "./rate-limits/rate-limiter.ts";
import type { RatePolicy } from "./rate-limits/rate-policy.ts";
import type { CommentsRequest } from "./request.ts";
import { SectionService } from "./sections/section.service.ts";

/** What a comments resolver receives: the request, its loaders and the services. */
export interface CommentsContext extends CommentsRequest {
  comments: CommentService;
  commentWrites: CommentWriteService;
}

export interface CommentsAppOptions {
  catalog: CatalogPeer;
  events: EventsPeer;
  rates: { user: RatePolicy; apiKey: RatePolicy };
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createCommentsApp(db: CommentsDb, options: CommentsAppOptions) {
  const repos = { comments: new CommentRepository(db), rateLimits: new RateLimitRepository(db) };
  const services = {
    comments: new CommentService(repos.comments),
    commentWrites: new CommentWriteService(
      repos.comments,
      new SectionService({ catalog: options.catalog, events: options.events }),
      new CommentRateLimiter(repos.rateLimits, options.rates),
    ),
  };
  return {
    repos,
    /** Housekeeping: forgets full rate-limit buckets. */
    purge: () => repos.rateLimits.purgeFull(),
    context: (base: RequestBase): CommentsContext => ({ ...base, ...services, loaders: createLoaders(repos.comments) }),
  };
}
