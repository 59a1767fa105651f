-- CreateEnum
CREATE TYPE "CompensationAction" AS ENUM ('CANCEL', 'REFUND');

-- AlterEnum
ALTER TYPE "SagaState" ADD VALUE 'STOCK_COMMITTED';

-- CreateTable
CREATE TABLE "order_compensations" (
    "order_id" UUID NOT NULL,
    "action" "CompensationAction" NOT NULL,
    "settled_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_compensations_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE INDEX "order_compensations_settled_at_lease_until_idx" ON "order_compensations"("settled_at", "lease_until");

-- AddForeignKey
ALTER TABLE "order_compensations" ADD CONSTRAINT "order_compensations_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One order per cart (kept by hand: Prisma's schema language has no partial indexes). A user has
-- one cart, and at most one checkout that is neither COMPLETED nor FAILED: a second checkout
-- started meanwhile, with another idempotency key, is refused before it reads the cart.
CREATE UNIQUE INDEX "checkout_sagas_one_open_per_user" ON "checkout_sagas" ("user_id") WHERE "state" NOT IN ('COMPLETED', 'FAILED');
