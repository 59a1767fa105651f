import { randomUUID } from "node:crypto";
import type { Logger } from "@amazoff/kit";
import type { Contact, Peers } from "../peers/peers.ts";
import { channelsFor, type Preferences } from "../preferences/preference.model.ts";
import type { PreferenceRepository } from "../preferences/preference.repository.ts";
import { retryDelayMs } from "./backoff.ts";
import type { ClaimedDelivery, DeliveryRepository } from "./delivery.repository.ts";
import { renderEmail, shopLink, type Shop } from "./email-template.ts";
import { renderSms, type EmailSender, type SmsSender } from "./senders.ts";

export interface DeliveryWorkerOptions {
  deliveries: DeliveryRepository;
  preferences: PreferenceRepository;
  peers: Peers;
  email: EmailSender;
  /** Null: no SMS provider (SMS deliveries are skipped). */
  sms: SmsSender | null;
  shop: Shop;
  log: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  intervalMs: number;
  leaseMs: number;
  /** Deliveries claimed at once. */
  batchSize?: number;
}

export interface DeliveryWorker {
  /** Looks for due deliveries now rather than at the next tick (call after queueing some). */
  kick(): void;
  /** One pass: claims and sends what is due; resolves with how many were claimed. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** What became of one delivery. */
type Outcome = { kind: "sent" } | { kind: "skipped"; reason: string } | { kind: "failed"; error: string };

/**
 * Sends the delivery outbox: claims due rows (FOR UPDATE SKIP LOCKED, so replicas share the
 * work), reads the recipients' contact details from the users subgraph at send time (an erased
 * account is no longer listed: its messages are skipped), re-checks their preferences (an opt-out
 * made meanwhile is honoured), and retries failures with exponential backoff until
 * `maxAttempts`, then gives up (FAILED, with the last error).
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const log = options.log.child({ source: "DeliveryWorker" });
  const batchSize = options.batchSize ?? 20;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function outcomeOf(delivery: ClaimedDelivery, contact: Contact | undefined, preferences: Preferences): Promise<Outcome> {
    if (!contact) return { kind: "skipped", reason: "the recipient's account no longer exists" };
    if (!channelsFor(preferences, delivery.notification.kind).includes(delivery.channel)) {
      return { kind: "skipped", reason: "the recipient opted out of this channel or kind" };
    }
    try {
      if (delivery.channel === "EMAIL") {
        await options.email.send(renderEmail(options.shop, contact, delivery.notification));
      } else {
        if (!options.sms) return { kind: "skipped", reason: "no SMS provider is configured" };
        const link = shopLink(options.shop, delivery.notification.link);
        await options.sms.send({ to: preferences.smsNumber!, text: renderSms(options.shop.name, link, delivery.notification) });
      }
      return { kind: "sent" };
    } catch (error) {
      return { kind: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function record(delivery: ClaimedDelivery, outcome: Outcome, requestId: string): Promise<void> {
    const fields = { requestId, deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts };
    if (outcome.kind === "sent") {
      await options.deliveries.markSent(delivery.id);
      log.info(fields, "delivery sent");
    } else if (outcome.kind === "skipped") {
      await options.deliveries.markSkipped(delivery.id, outcome.reason);
      log.info({ ...fields, reason: outcome.reason }, "delivery skipped");
    } else {
      const final = delivery.attempts >= options.maxAttempts;
      const delayMs = retryDelayMs(delivery.attempts, options.retryBaseMs);
      await options.deliveries.markFailedAttempt(delivery.id, outcome.error, { final, delayMs });
      if (final) log.error({ ...fields, error: outcome.error }, "delivery failed for good");
      else log.warn({ ...fields, error: outcome.error, retryInMs: delayMs }, "delivery failed; will retry");
    }
  }

  async function pass(): Promise<number> {
    let claimedTotal = 0;
    for (;;) {
      const claimed = await options.deliveries.claimDue(batchSize, options.leaseMs);
      if (claimed.length === 0) return claimedTotal;
      claimedTotal += claimed.length;
      const requestId = `deliveries-${randomUUID()}`;
      const recipients = [...new Set(claimed.map((d) => d.recipientId))];
      let contacts: Map<string, Contact>;
      try {
        contacts = new Map((await options.peers.contacts(recipients, requestId)).map((c) => [c.userId, c]));
      } catch (error) {
        // The users subgraph is out of reach: every claimed delivery is a failed attempt.
        const message = `contact details unavailable: ${error instanceof Error ? error.message : String(error)}`;
        for (const delivery of claimed) await record(delivery, { kind: "failed", error: message }, requestId);
        continue;
      }
      const preferences = new Map((await options.preferences.findMany(recipients)).map((p) => [p.userId, p]));
      await Promise.all(
        claimed.map(async (delivery) => {
          const outcome = await outcomeOf(delivery, contacts.get(delivery.recipientId), preferences.get(delivery.recipientId)!);
          await record(delivery, outcome, requestId);
        }),
      );
      if (claimed.length < batchSize) return claimedTotal;
    }
  }

  function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    const current = pass()
      .catch((error: unknown) => {
        log.error({ err: error }, "delivery pass failed");
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void runOnce();
        }
      });
    running = current;
    return current;
  }

  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, options.intervalMs);
  timer.unref();

  return {
    kick: () => {
      if (!stopped) void runOnce();
    },
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      options.email.close?.();
    },
  };
}
