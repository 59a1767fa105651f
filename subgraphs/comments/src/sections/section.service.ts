import { BadUserInputError, type RequestBase } from "@amazoff/kit";
import type { CatalogPeer } from "../peers/catalog.peer.ts";
import type { EventsPeer } from "../peers/events.peer.ts";
import type { Section } from "./section.ts";

/**
 * Whether a section may be written to: its product or event must exist now (asked of the catalog
 * or the events subgraph on every post; their answer is not cached, so a product deleted a
 * second ago takes no more comments). Pages need only a valid slug. Reading a section asks
 * nobody: a section nobody wrote to is an empty thread.
 */
export class SectionService {
  constructor(private readonly peers: { catalog: CatalogPeer; events: EventsPeer }) {}

  async requireWritable(ctx: RequestBase, section: Section, field = "sectionId"): Promise<void> {
    switch (section.kind) {
      case "product":
        if (!(await this.peers.catalog.productExists(section.productId, ctx.requestId)))
          throw new BadUserInputError(`\`${field}\` names a product that does not exist`, field);
        return;
      case "event":
        if (!(await this.peers.events.eventExists(section.eventId, ctx.requestId)))
          throw new BadUserInputError(`\`${field}\` names an event that does not exist`, field);
        return;
      case "page":
        return;
    }
  }
}
