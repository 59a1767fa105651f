import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/prisma/client.ts";
import type { PaymentsDb } from "../db.ts";

// The test provider's side of the world, in tables of its own (what a real provider keeps on its
// servers). Every operation is one conditional statement or one transaction, so concurrent calls
// with one key act once.

export type ProviderState = "AUTHORIZED" | "CAPTURED" | "VOIDED" | "DECLINED";

export interface ProviderAuthorization {
  id: string;
  state: ProviderState;
  declineReason: string | null;
  amount: number | null;
  capturedAmount: number;
  refundedAmount: number;
}

const SELECT = { id: true, state: true, declineReason: true, amount: true, capturedAmount: true, refundedAmount: true } as const;

export class TestProviderRepository {
  constructor(private readonly db: PaymentsDb) {}

  /** Records the authorization (or decline) of `key` unless the key is known; returns what the key holds. */
  async recordAuthorization(
    key: string,
    draft: { amount: number; currency: string; state: "AUTHORIZED" | "DECLINED"; declineReason?: string },
  ): Promise<ProviderAuthorization> {
    await this.db.prisma.testProviderAuthorization.createMany({
      data: [
        {
          id: randomUUID(),
          idempotencyKey: key,
          amount: draft.amount,
          currency: draft.currency,
          state: draft.state,
          declineReason: draft.declineReason ?? null,
        },
      ],
      skipDuplicates: true,
    });
    return (await this.db.prisma.testProviderAuthorization.findUniqueOrThrow({
      where: { idempotencyKey: key },
      select: SELECT,
    })) as ProviderAuthorization;
  }

  /** AUTHORIZED -> CAPTURED for `amount`; returns the state afterwards (null: unknown authorization). */
  async capture(id: string, amount: number): Promise<ProviderAuthorization | null> {
    await this.db.prisma.testProviderAuthorization.updateMany({
      where: { id, state: "AUTHORIZED", amount: { gte: amount } },
      data: { state: "CAPTURED", capturedAmount: amount },
    });
    return (await this.db.prisma.testProviderAuthorization.findUnique({ where: { id }, select: SELECT })) as ProviderAuthorization | null;
  }

  /** Voids what `key` holds: a tombstone if nothing yet (a late authorization is then refused), AUTHORIZED -> VOIDED otherwise. */
  async voidKey(key: string): Promise<ProviderAuthorization> {
    await this.db.prisma.testProviderAuthorization.createMany({
      data: [{ id: randomUUID(), idempotencyKey: key, state: "VOIDED" }],
      skipDuplicates: true,
    });
    await this.db.prisma.testProviderAuthorization.updateMany({
      where: { idempotencyKey: key, state: "AUTHORIZED" },
      data: { state: "VOIDED" },
    });
    return (await this.db.prisma.testProviderAuthorization.findUniqueOrThrow({
      where: { idempotencyKey: key },
      select: SELECT,
    })) as ProviderAuthorization;
  }

  /**
   * A refund of `amount` under `key`, once: the operation record and the refunded total change in
   * one transaction, and a repeated key replays the recorded result.
   */
  refund(id: string, amount: number, key: string): Promise<{ refundId: string } | { refused: "not_captured" | "exceeds_captured" }> {
    type Result = { refundId: string } | { refused: "not_captured" | "exceeds_captured" };
    return this.db.transaction(async (tx): Promise<Result> => {
      const inserted = await tx.testProviderOperation.createMany({
        data: [{ idempotencyKey: key, kind: "refund", authorizationId: id, result: {} }],
        skipDuplicates: true,
      });
      if (inserted.count === 0) {
        const previous = await tx.testProviderOperation.findUniqueOrThrow({ where: { idempotencyKey: key } });
        return previous.result as unknown as Result;
      }
      const updated = await tx.$executeRaw(Prisma.sql`
        UPDATE test_provider_authorizations SET refunded_amount = refunded_amount + ${amount}, updated_at = now()
        WHERE id = ${id}::uuid AND state = 'CAPTURED' AND refunded_amount + ${amount} <= captured_amount`);
      let result: Result;
      if (updated === 1) result = { refundId: randomUUID() };
      else {
        const state = await tx.testProviderAuthorization.findUnique({ where: { id }, select: { state: true } });
        result = { refused: state?.state === "CAPTURED" ? "exceeds_captured" : "not_captured" };
      }
      await tx.testProviderOperation.update({ where: { idempotencyKey: key }, data: { result } });
      return result;
    });
  }
}
