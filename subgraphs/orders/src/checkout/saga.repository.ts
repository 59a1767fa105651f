import type { Address } from "@amazoff/contracts";
import type { OrdersDb } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { CheckoutFailure } from "./checkout.outcome.ts";

export type SagaState =
  | "STARTED"
  | "STOCK_RESERVED"
  | "PAYMENT_AUTHORIZED"
  | "ORDER_CREATED"
  | "PAYMENT_CAPTURED"
  | "STOCK_COMMITTED"
  | "COMPLETED"
  | "COMPENSATING"
  | "FAILED";
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
  failure: CheckoutFailure | null;
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
  failure: CheckoutFailure | null;
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
  failure?: CheckoutFailure;
}

/**
 * How a checkout attempt begins: a new saga; the saga its idempotency key already names; or
 * `busy`, another checkout of the user's cart (another key) still under way.
 */
export type SagaStart = { kind: "created"; saga: Saga } | { kind: "existing"; saga: Saga } | { kind: "busy" };

const UNIQUE_VIOLATION = "23505";
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === UNIQUE_VIOLATION;

export class SagaRepository {
  constructor(
    private readonly db: OrdersDb,
    private readonly leaseMs: number,
  ) {}

  /**
   * Starts a saga for (user, idempotency key). Two unique indexes decide: (user, key) makes
   * concurrent identical checkouts converge on one saga, and "one open saga per user" (partial,
   * in the migration) refuses a second checkout of the same cart under another key.
   */
  async start(id: string, userId: string, idempotencyKey: string, fingerprint: string): Promise<SagaStart> {
    // The conflict can vanish between the insert and the reads (the other saga just ended): try again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await this.db.sql.query<SagaRow>(Prisma.sql`
        INSERT INTO checkout_sagas (id, user_id, idempotency_key, fingerprint, state, lease_until, updated_at)
        VALUES (${id}::uuid, ${userId}::uuid, ${idempotencyKey}, ${fingerprint}, 'STARTED', now() + ${`${this.leaseMs} milliseconds`}::interval, now())
        ON CONFLICT DO NOTHING
        RETURNING ${COLUMNS}`);
      if (inserted[0]) return { kind: "created", saga: toSaga(inserted[0]) };
      const existing = await this.findByKey(userId, idempotencyKey);
      if (existing) return { kind: "existing", saga: existing };
      if (await this.hasOpenSaga(userId)) return { kind: "busy" };
    }
    return { kind: "busy" };
  }

  /**
   * Gives a saga that failed for a retryable reason (CHECKOUT_FAILED: nothing was charged) a new
   * attempt under the same idempotency key. The attempt gets a new id, because the old one is
   * spent: the peers keep tombstones for it (a voided payment key, a released reservation).
   * Null when another retry restarted it first; `busy` when another checkout is under way.
   */
  async restart(oldId: string, newId: string): Promise<Saga | "busy" | null> {
    try {
      const rows = await this.db.sql.query<SagaRow>(Prisma.sql`
        UPDATE checkout_sagas SET id = ${newId}::uuid, state = 'STARTED', failure_code = NULL, failure = NULL, lines = NULL, address = NULL,
          currency = NULL, total_amount = NULL, payment_id = NULL, attempts = 0, lease_until = now() + ${`${this.leaseMs} milliseconds`}::interval, updated_at = now()
        WHERE id = ${oldId}::uuid AND state = 'FAILED' AND failure_code = 'CHECKOUT_FAILED'
        RETURNING ${COLUMNS}`);
      return rows[0] ? toSaga(rows[0]) : null;
    } catch (error) {
      if (isUniqueViolation(error)) return "busy";
      throw error;
    }
  }

  async findByKey(userId: string, idempotencyKey: string): Promise<Saga | null> {
    const rows = await this.db.sql.query<SagaRow>(
      Prisma.sql`SELECT ${COLUMNS} FROM checkout_sagas WHERE user_id = ${userId}::uuid AND idempotency_key = ${idempotencyKey}`,
    );
    return rows[0] ? toSaga(rows[0]) : null;
  }

  async findById(id: string): Promise<Saga | null> {
    const rows = await this.db.sql.query<SagaRow>(Prisma.sql`SELECT ${COLUMNS} FROM checkout_sagas WHERE id = ${id}::uuid`);
    return rows[0] ? toSaga(rows[0]) : null;
  }

  private async hasOpenSaga(userId: string): Promise<boolean> {
    const rows = await this.db.sql.query<{ id: string }>(
      Prisma.sql`SELECT id FROM checkout_sagas WHERE user_id = ${userId}::uuid AND state NOT IN ('COMPLETED', 'FAILED') LIMIT 1`,
    );
    return rows.length > 0;
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
        ...(patch.failure ? { failureCode: patch.failure.code, failure: patch.failure as unknown as Prisma.InputJsonValue } : {}),
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
