import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { errorBody, id } from "./shapes.ts";

/**
 * Whether an event exists, for subgraphs that attach things to events (comments on
 * `event:<id>` sections). 404 when the events subgraph has no such event.
 */
export const eventExists = defineEndpoint({
  path: "/internal/events/exists",
  request: z.object({ eventId: id }),
  responses: { 200: z.object({ exists: z.literal(true) }), 404: errorBody },
});
