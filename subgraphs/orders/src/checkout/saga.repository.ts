import type { OrdersDb } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Address } from "../peers/peers.ts";

export type SagaState = "STARTED" | "STOCK_RESERVED" | "PAYMENT_AUTHORIZED" | "ORDER_CREATED" | "PAYMENT_CAPTURED" | "COMPLETED" | "COMPENSATING" | "FAILED";
export const TERMINAL_STATES: readonly SagaState[] = ["COMPLETED", "FAILED"];

/** A priced line of the checkout (the order's future line). */
export interface SagaLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  position: number;
}

export interface Saga {
  id: string;
  userId: string;
  idempotencyKey: string;
  fingerprint: string;
  state: SagaState;
  failureCode: string | null;
  failure: Record<string, unknown> | null;
  lines: SagaLine[] | null;
  address: Address | null;
  currency: string | null;
  totalAmount: number | null;
  paymentId: string | null;
  leaseUntil: Date;
}

interface SagaRow {
  id: string;
  user_id: string;
  idempotency_key: string;
  fingerprint: string;
  state: SagaState;
  failure_code: string | null;
  failure: Record<string, unknown> | null;
  lines: SagaLine[] | null;
  address: Address | null;
  currency: string | null;
  total_amount: number | null;
  payment_id: string | null;
  lease_until: Date;
}

const toSaga = (r: SagaRow): Saga => ({
  id: r.id,
  userId: r.user_id,
  idempotencyKey: r.idempotency_key,
  fingerprint: r.fingerprint,
  state: r.state,
  failureCode: r.failure_code,
  failure: r.failure,
  lines: r.lines,
  address: r.address,
  currency: r.currency,
  totalAmount: r.total_amount,
  paymentId: r.payment_id,
  leaseUntil: r.lease_until,
});

const COLUMNS = Prisma.sql`id, user_id, idempotency_key, fingerprint, state, failure_code, failure, lines, address, currency, total_amount, payment_id, lease_until`;

export interface SagaPatch {
  state?: SagaState;
  lines?: SagaLine[];
  address?: Address;
  currency?: string;
  totalAmount?: number;
  paymentId?: string;
  failureCode?: string;
  failure?: Record<string, unknown>;
}

export class SagaRepository {
  constructor(
    private readonly db: OrdersDb,
    private readonly leaseMs: number,
  ) {}

  /**
   * Starts a saga for (user, idempotency key), or returns the one that already exists: the
   * unique index makes concurrent identical checkouts converge on one saga.
   */
  async start(id: string, userId: string, idempotencyKey: string, fingerprint: string): Promise<{ saga: Saga; created: boolean }> {
    const inserted = await this.db.sql.query<SagaRow>(Prisma.sql`
      INSERT INTO checkout_sagas (id, user_id, idempotency_key, fingerprint, state, lease_until, updated_at)
      VALUES (${id}::uuid, ${userId}::uuid, ${idempotencyKey}, ${fingerprint}, 'STARTED', now() + ${`${this.leaseMs} milliseconds`}::interval, now())
      ON CONFLICT (user_id, idempotency_key) DO NOTHING
      RETURNING ${COLUMNS}`);
    if (inserted[0]) return { saga: toSaga(inserted[0]), created: true };
    const existing = await this.findByKey(userId, idempotencyKey);
    if (!existing) throw new Error("saga vanished between insert and read");
    return { saga: existing, created: false };
  }

  async findByKey(userId: string, idempotencyKey: string): Promise<Saga | null> {
    const rows = await this.db.sql.query<SagaRow>(Prisma.sql`SELECT ${COLUMNS} FROM checkout_sagas WHERE user_id = ${userId}::uuid AND idempotency_key = ${idempotencyKey}`);
    return rows[0] ? toSaga(rows[0]) : null;
  }

  async findById(id: string): Promise<Saga | null> {
    const rows = await this.db.sql.query<SagaRow>(Prisma.sql`SELECT ${COLUMNS} FROM checkout_sagas WHERE id = ${id}::uuid`);
    return rows[0] ? toSaga(rows[0]) : null;
  }

  /** Records progress and renews the lease: the step that follows belongs to this process. */
  async update(id: string, patch: SagaPatch): Promise<void> {
    await this.db.prisma.checkoutSaga.update({
      where: { id },
      data: {
        ...(patch.state ? { state: patch.state } : {}),
        ...(patch.lines ? { lines: patch.lines as unknown as Prisma.InputJsonValue } : {}),
        ...(patch.address ? { address: patch.address as unknown as Prisma.InputJsonValue } : {}),
        ...(patch.currency ? { currency: patch.currency } : {}),
        ...(patch.totalAmount !== undefined ? { totalAmount: patch.totalAmount } : {}),
        ...(patch.paymentId ? { paymentId: patch.paymentId } : {}),
        ...(patch.failureCode ? { failureCode: patch.failureCode } : {}),
        ...(patch.failure ? { failure: patch.failure as Prisma.InputJsonValue } : {}),
        leaseUntil: new Date(Date.now() + this.leaseMs),
      },
    });
  }

  /**
   * Takes over sagas nobody drives any more (not finished, lease expired): each is leased to the
   * caller in the same statement, and SKIP LOCKED keeps two replicas from taking the same one.
   */
  async claimAbandoned(limit: number): Promise<Saga[]> {
    const rows = await this.db.sql.query<SagaRow>(Prisma.sql`
      UPDATE checkout_sagas SET lease_until = now() + ${`${this.leaseMs} milliseconds`}::interval, attempts = attempts + 1, updated_at = now()
      WHERE id IN (
        SELECT id FROM checkout_sagas
        WHERE state NOT IN ('COMPLETED', 'FAILED') AND lease_until < now()
        ORDER BY lease_until
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING ${COLUMNS}`);
    return rows.map(toSaga);
  }
}
