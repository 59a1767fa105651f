-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'DECLINED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "order_ref" UUID,
    "user_id" UUID,
    "amount" INTEGER,
    "currency" CHAR(3),
    "status" "PaymentStatus" NOT NULL,
    "card_brand" TEXT,
    "card_last4" CHAR(4),
    "decline_reason" TEXT,
    "provider_ref" TEXT,
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "authorized_at" TIMESTAMPTZ(3),
    "captured_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "provider_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_provider_authorizations" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" INTEGER,
    "currency" CHAR(3),
    "state" TEXT NOT NULL,
    "decline_reason" TEXT,
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_provider_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_provider_operations" (
    "idempotency_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "authorization_id" UUID NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "test_provider_operations_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE INDEX "payments_order_ref_created_at_idx" ON "payments"("order_ref", "created_at");

-- CreateIndex
CREATE INDEX "payments_user_id_created_at_idx" ON "payments"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_idempotency_key_key" ON "refunds"("idempotency_key");

-- CreateIndex
CREATE INDEX "refunds_payment_id_created_at_idx" ON "refunds"("payment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "test_provider_authorizations_idempotency_key_key" ON "test_provider_authorizations"("idempotency_key");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Invariants Prisma's schema language cannot express (kept by hand in migrations).
-- A payment is complete (order, user, money) unless it is a void-by-key tombstone.
ALTER TABLE "payments" ADD CONSTRAINT "payments_complete_unless_tombstone" CHECK (
  ("order_ref" IS NOT NULL AND "user_id" IS NOT NULL AND "amount" IS NOT NULL AND "currency" IS NOT NULL) OR "status" = 'VOIDED');
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_currency_iso4217" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "payments" ADD CONSTRAINT "payments_card_last4_digits" CHECK ("card_last4" ~ '^[0-9]{4}$');
ALTER TABLE "payments" ADD CONSTRAINT "payments_idempotency_key_length" CHECK (char_length("idempotency_key") BETWEEN 8 AND 200);
-- Money can never be captured twice nor refunded beyond what was captured.
ALTER TABLE "payments" ADD CONSTRAINT "payments_captured_within_amount" CHECK ("captured_amount" >= 0 AND "captured_amount" <= COALESCE("amount", 0));
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_within_captured" CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "captured_amount");
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "test_provider_authorizations" ADD CONSTRAINT "test_provider_captured_within_amount" CHECK ("captured_amount" >= 0 AND "captured_amount" <= COALESCE("amount", 0));
ALTER TABLE "test_provider_authorizations" ADD CONSTRAINT "test_provider_refunded_within_captured" CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "captured_amount");
