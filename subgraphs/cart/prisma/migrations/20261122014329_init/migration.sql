-- CreateTable
CREATE TABLE "carts" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cart_items" (
    "cart_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_items_pkey" PRIMARY KEY ("cart_id","product_id")
);

-- CreateTable
CREATE TABLE "checked_out_orders" (
    "order_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "cleared_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checked_out_orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "merged_guest_carts" (
    "guest_cart_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "merged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merged_guest_carts_pkey" PRIMARY KEY ("guest_cart_id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "carts_user_id_key" ON "carts"("user_id");

-- CreateIndex
CREATE INDEX "carts_user_id_updated_at_idx" ON "carts"("user_id", "updated_at");

-- CreateIndex
CREATE INDEX "checked_out_orders_user_id_idx" ON "checked_out_orders"("user_id");

-- CreateIndex
CREATE INDEX "checked_out_orders_cleared_at_idx" ON "checked_out_orders"("cleared_at");

-- CreateIndex
CREATE INDEX "merged_guest_carts_user_id_idx" ON "merged_guest_carts"("user_id");

-- CreateIndex
CREATE INDEX "merged_guest_carts_merged_at_idx" ON "merged_guest_carts"("merged_at");

-- AddForeignKey
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_fkey" FOREIGN KEY ("cart_id") REFERENCES "carts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Invariants Prisma's schema language cannot express (kept by hand in migrations).
-- A line holds 1 to 99 units, the service limit MAX_LINE_QUANTITY (no line at all means zero).
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_quantity_range" CHECK ("quantity" BETWEEN 1 AND 99);
