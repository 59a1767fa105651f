-- CreateEnum
CREATE TYPE "StoreKind" AS ENUM ('WAREHOUSE', 'STORE');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED', 'RESTOCKED');

-- CreateEnum
CREATE TYPE "StockAdjustmentKind" AS ENUM ('MANUAL', 'SALE', 'RETURN', 'INITIAL');

-- CreateTable
CREATE TABLE "stores" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "StoreKind" NOT NULL,
    "city" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_levels" (
    "product_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "low_stock_threshold" INTEGER NOT NULL DEFAULT 5,
    "low_stock_alerted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("product_id","store_id")
);

-- CreateTable
CREATE TABLE "reservations" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "status" "ReservationStatus" NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservation_items" (
    "reservation_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "reservation_items_pkey" PRIMARY KEY ("reservation_id","product_id","store_id")
);

-- CreateTable
CREATE TABLE "stock_adjustments" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "kind" "StockAdjustmentKind" NOT NULL,
    "delta" INTEGER NOT NULL,
    "on_hand_after" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_id" UUID,
    "reservation_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_adjustments_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "stores_code_key" ON "stores"("code");

-- CreateIndex
CREATE INDEX "stores_active_name_idx" ON "stores"("active", "name");

-- CreateIndex
CREATE INDEX "stock_levels_store_id_idx" ON "stock_levels"("store_id");

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "reservations"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_adjustments_created_at_id_idx" ON "stock_adjustments"("created_at", "id");

-- CreateIndex
CREATE INDEX "stock_adjustments_product_id_created_at_id_idx" ON "stock_adjustments"("product_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "stock_adjustments_store_id_created_at_id_idx" ON "stock_adjustments"("store_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- AddForeignKey
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation_items" ADD CONSTRAINT "reservation_items_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "reservations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation_items" ADD CONSTRAINT "reservation_items_product_id_store_id_fkey" FOREIGN KEY ("product_id", "store_id") REFERENCES "stock_levels"("product_id", "store_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_product_id_store_id_fkey" FOREIGN KEY ("product_id", "store_id") REFERENCES "stock_levels"("product_id", "store_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Invariants Prisma's schema language cannot express (kept by hand in migrations).
-- Never oversold, never negative: whatever the code does, the database refuses it.
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_on_hand_non_negative" CHECK ("on_hand" >= 0);
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_reserved_non_negative" CHECK ("reserved" >= 0);
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_reserved_within_on_hand" CHECK ("reserved" <= "on_hand");
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_threshold_non_negative" CHECK ("low_stock_threshold" >= 0);
ALTER TABLE "reservation_items" ADD CONSTRAINT "reservation_items_quantity_positive" CHECK ("quantity" > 0);
-- An ACTIVE reservation always has an owner and an expiry (only tombstones lack them).
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_active_complete" CHECK ("status" <> 'ACTIVE' OR ("user_id" IS NOT NULL AND "expires_at" IS NOT NULL));
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_delta_non_zero" CHECK ("delta" <> 0);
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_on_hand_after_non_negative" CHECK ("on_hand_after" >= 0);
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_reason_length" CHECK (char_length("reason") BETWEEN 3 AND 500);
ALTER TABLE "stores" ADD CONSTRAINT "stores_country_iso3166" CHECK ("country" ~ '^[A-Z]{2}$');
ALTER TABLE "stores" ADD CONSTRAINT "stores_code_format" CHECK ("code" ~ '^[A-Z0-9-]{2,20}$');
