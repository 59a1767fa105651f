import type { Logger } from "@amazoff/kit";
import type { CallContext, Peers } from "../peers/peers.ts";
import type { OrderRepository, Owed } from "./order.repository.ts";

/**
 * Settles what a cancelled or refunded order owes back: the payment refunded (once: the refund's
 * key is the order's), and for a cancel the sold units back on the shelf (once: the reservation
 * is restocked at most once). The status moved first, in the transaction that recorded the debt,
 * so a cancel that lost the race to a shipment never gets here; and settling again after a crash
 * or a retry changes nothing that was already done.
 */
export class OrderCompensationService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly peers: Peers,
    private readonly leaseMs: number,
  ) {}

  async settle(call: CallContext, owed: Owed): Promise<void> {
    if (owed.paymentId) {
      const key = `${owed.action === "CANCEL" ? "cancel" : "refund"}:${owed.orderId}`;
      const refund = await this.peers.payments.refund(call, owed.paymentId, key);
      // Refused as already refunded in full (or never captured): nothing left to give back.
      if (!refund.done && refund.error !== "nothing_to_refund" && refund.error !== "not_captured") {
        throw new Error(`order ${owed.orderId}: refund refused (${refund.error ?? refund.status})`);
      }
    }
    // Refused only when nothing was sold (the hold never committed): nothing to put back.
    if (owed.action === "CANCEL") await this.peers.inventory.restock(call, owed.orderId);
    await this.orders.markSettled(owed.orderId);
  }

  /**
   * Settles the order's debt now, if it has one. A peer that fails leaves it on record: the
   * recovery loop settles it once the lease runs out (the customer already sees the new status).
   */
  async settleNow(call: CallContext, orderId: string, log: Logger): Promise<void> {
    const owed = await this.orders.owedBy(orderId);
    if (!owed) return;
    try {
      await this.settle(call, owed);
    } catch (error) {
      log.warn({ err: error, orderId }, "could not settle the order's refund or restock now; recovery will");
    }
  }

  /** Recovery: settles what requests left unsettled. Returns how many it settled. */
  async settleAbandoned(limit: number, log: Logger): Promise<number> {
    let settled = 0;
    for (;;) {
      const batch = await this.orders.claimUnsettled(limit, this.leaseMs);
      for (const owed of batch) {
        const requestId = `recovery:${owed.orderId}`;
        try {
          await this.settle({ requestId }, owed);
          settled += 1;
          log.info({ orderId: owed.orderId, action: owed.action, requestId }, "settled order compensation");
        } catch (error) {
          log.warn({ err: error, orderId: owed.orderId, requestId }, "settling an order compensation failed; will retry");
        }
      }
      if (batch.length < limit) return settled;
    }
  }
}
