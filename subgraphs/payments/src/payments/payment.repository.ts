import { createEvent, writeToOutbox } from "@amazoff/events";
import { Prisma, type Payment as PaymentRow, type Refund as RefundRow } from "../generated/prisma/client.ts";
import type { PaymentsDb, Tx } from "../db.ts";
import type { AuthorizationEnd, PaymentDraft, PaymentRecord, PaymentStatus, Refund } from "./payment.model.ts";

const SOURCE = "payments";

export function toRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    orderRef: row.orderRef,
    userId: row.userId,
    amount: row.amount !== null && row.currency !== null ? { amount: row.amount, currency: row.currency } : null,
    status: row.status,
    cardBrand: row.cardBrand,
    cardLast4: row.cardLast4,
    declineReason: row.declineReason,
    providerRef: row.providerRef,
    capturedAmount: row.capturedAmount,
    refundedAmount: row.refundedAmount,
    createdAt: row.createdAt,
    authorizedAt: row.authorizedAt,
    capturedAt: row.capturedAt,
    voidedAt: row.voidedAt,
  };
}

export const toRefund = (row: RefundRow, currency: string): Refund => ({
  id: row.id,
  paymentId: row.paymentId,
  idempotencyKey: row.idempotencyKey,
  amount: { amount: row.amount, currency },
  status: row.status,
  providerRef: row.providerRef,
  createdAt: row.createdAt,
});

/** PaymentFailed goes out with the decline it reports, in the same transaction. */
async function reportDecline(tx: Tx, payment: PaymentRow): Promise<void> {
  if (payment.status !== "DECLINED" || !payment.orderRef || !payment.userId) return;
  await writeToOutbox(
    tx,
    createEvent(SOURCE, "PaymentFailed", {
      orderId: payment.orderRef,
      userId: payment.userId,
      reason: payment.declineReason ?? "declined",
    }),
  );
}

function endData(end: AuthorizationEnd): Prisma.PaymentUpdateManyMutationInput {
  switch (end.status) {
    case "AUTHORIZED":
      return { status: "AUTHORIZED", providerRef: end.providerRef, authorizedAt: new Date() };
    case "DECLINED":
      return { status: "DECLINED", declineReason: end.reason };
    case "VOIDED":
      return { status: "VOIDED", voidedAt: new Date() };
    case "FAILED":
      return { status: "FAILED", declineReason: end.reason };
  }
}

/** Every status change below is conditional on the status it leaves, so concurrent callers cannot both apply one. */
export class PaymentRepository {
  constructor(private readonly db: PaymentsDb) {}

  /**
   * Inserts the attempt unless its idempotency key exists (ON CONFLICT DO NOTHING: a concurrent
   * twin waits for the first insert, then finds it). `created` tells which happened.
   */
  begin(draft: PaymentDraft): Promise<{ created: boolean; payment: PaymentRecord }> {
    return this.db.transaction(async (tx) => {
      const { amount, ...rest } = draft;
      const inserted = await tx.payment.createMany({
        data: [{ ...rest, amount: amount.amount, currency: amount.currency }],
        skipDuplicates: true,
      });
      const row = await tx.payment.findUniqueOrThrow({ where: { idempotencyKey: draft.idempotencyKey } });
      if (inserted.count === 1) await reportDecline(tx, row);
      return { created: inserted.count === 1, payment: toRecord(row) };
    });
  }

  /** Ends a PENDING attempt with the provider's answer; returns the payment as it is now (whoever ended it). */
  endAuthorization(id: string, end: AuthorizationEnd): Promise<PaymentRecord> {
    return this.db.transaction(async (tx) => {
      const ended = await tx.payment.updateMany({ where: { id, status: "PENDING" }, data: endData(end) });
      const row = await tx.payment.findUniqueOrThrow({ where: { id } });
      if (ended.count === 1) await reportDecline(tx, row);
      return toRecord(row);
    });
  }

  async findById(id: string): Promise<PaymentRecord | null> {
    const row = await this.db.prisma.payment.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async findByKey(key: string): Promise<PaymentRecord | null> {
    const row = await this.db.prisma.payment.findUnique({ where: { idempotencyKey: key } });
    return row ? toRecord(row) : null;
  }

  /** Every attempt of these orders, oldest first (tombstones have no order and never match). */
  async findByOrderRefs(orderRefs: readonly string[]): Promise<PaymentRecord[]> {
    const rows = await this.db.prisma.payment.findMany({
      where: { orderRef: { in: [...orderRefs] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toRecord);
  }

  async findByIds(ids: readonly string[]): Promise<PaymentRecord[]> {
    return (await this.db.prisma.payment.findMany({ where: { id: { in: [...ids] } } })).map(toRecord);
  }

  /** Refunds of these payments, oldest first. */
  async refundsOf(payments: readonly { id: string; currency: string }[]): Promise<Refund[]> {
    const currency = new Map(payments.map((p) => [p.id, p.currency]));
    const rows = await this.db.prisma.refund.findMany({
      where: { paymentId: { in: [...currency.keys()] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => toRefund(row, currency.get(row.paymentId)!));
  }

  /** A VOIDED tombstone for a key never seen, so a late authorization with it is refused. False when the key exists. */
  async tombstone(key: string): Promise<boolean> {
    const inserted = await this.db.prisma.payment.createMany({
      data: [{ idempotencyKey: key, status: "VOIDED", voidedAt: new Date() }],
      skipDuplicates: true,
    });
    return inserted.count === 1;
  }

  /** Applies what the provider reported: the capture happened (also repairs a capture whose recording was interrupted). */
  async markCaptured(id: string): Promise<PaymentRecord> {
    await this.db.prisma.$executeRaw(Prisma.sql`
      UPDATE payments SET status = 'CAPTURED', captured_amount = amount, captured_at = now(), updated_at = now()
      WHERE id = ${id}::uuid AND status IN ('AUTHORIZED', 'PENDING', 'FAILED')`);
    return toRecord(await this.db.prisma.payment.findUniqueOrThrow({ where: { id } }));
  }

  /** Applies what the provider reported: nothing is held any more. */
  async markVoided(id: string): Promise<PaymentRecord> {
    await this.db.prisma.payment.updateMany({
      where: { id, status: { in: ["AUTHORIZED", "PENDING", "FAILED"] } },
      data: { status: "VOIDED", voidedAt: new Date() },
    });
    return toRecord(await this.db.prisma.payment.findUniqueOrThrow({ where: { id } }));
  }

  /** Locks the payment for a refund decision (refunds of one payment happen one at a time). */
  async lock(tx: Tx, id: string): Promise<PaymentRecord | null> {
    const [locked] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM payments WHERE id = ${id}::uuid FOR UPDATE`);
    return locked ? toRecord(await tx.payment.findUniqueOrThrow({ where: { id } })) : null;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Reserves `amount` of the captured money for a new PENDING refund and sets the payment's status. */
  async addRefund(tx: Tx, payment: PaymentRecord, key: string, amount: number): Promise<{ refund: Refund; payment: PaymentRecord }> {
    const refunded = payment.refundedAmount + amount;
    const status: PaymentStatus = refunded === payment.capturedAmount ? "REFUNDED" : "PARTIALLY_REFUNDED";
    const refund = await tx.refund.create({ data: { paymentId: payment.id, idempotencyKey: key, amount, status: "PENDING" } });
    const row = await tx.payment.update({ where: { id: payment.id }, data: { refundedAmount: refunded, status } });
    return { refund: toRefund(refund, row.currency!), payment: toRecord(row) };
  }

  async findRefundByKey(tx: Tx, key: string, currency: string): Promise<Refund | null> {
    const row = await tx.refund.findUnique({ where: { idempotencyKey: key } });
    return row ? toRefund(row, currency) : null;
  }

  async completeRefund(refundId: string, providerRef: string): Promise<void> {
    await this.db.prisma.refund.updateMany({ where: { id: refundId, status: "PENDING" }, data: { status: "SUCCEEDED", providerRef } });
  }

  /** The provider refused: the reserved amount is released and the payment's status follows. */
  failRefund(refundId: string): Promise<PaymentRecord> {
    return this.db.transaction(async (tx) => {
      const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId } });
      const payment = (await this.lock(tx, refund.paymentId))!;
      if (refund.status !== "PENDING") return payment;
      await tx.refund.update({ where: { id: refundId }, data: { status: "FAILED" } });
      const refunded = payment.refundedAmount - refund.amount;
      const row = await tx.payment.update({
        where: { id: payment.id },
        data: { refundedAmount: refunded, status: refunded === 0 ? "CAPTURED" : "PARTIALLY_REFUNDED" },
      });
      return toRecord(row);
    });
  }
}
