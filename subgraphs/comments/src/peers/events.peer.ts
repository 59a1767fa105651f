import { eventsApi } from "@amazoff/contracts";
import { askPeer, internalClient, type Logger } from "@amazoff/kit";

export interface EventsPeer {
  /** Whether the events subgraph has this event (200: yes, 404: no). */
  eventExists(eventId: string, requestId: string): Promise<boolean>;
}

export function eventsPeer(options: { baseUrl: string; secret: string; timeoutMs: number; log: Logger }): EventsPeer {
  const client = internalClient(options.baseUrl, options.secret, options.timeoutMs);
  const log = options.log.child({ source: "EventsPeer" });
  return {
    async eventExists(eventId, requestId) {
      const answer = await askPeer(client, "events", eventsApi.eventExists, { eventId }, requestId, log);
      return answer.status === 200;
    },
  };
}
