-- CreateEnum
CREATE TYPE "notification_kind" AS ENUM ('WELCOME', 'ORDER_PLACED', 'ORDER_STATUS_CHANGED', 'PAYMENT_FAILED', 'STOCK_LOW');

-- CreateEnum
CREATE TYPE "delivery_channel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "delivery_status" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "order_id" UUID,
    "product_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "sms" BOOLEAN NOT NULL DEFAULT false,
    "sms_number" TEXT,
    "muted_kinds" "notification_kind"[] DEFAULT ARRAY[]::"notification_kind"[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "notification_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "channel" "delivery_channel" NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_owners" (
    "order_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "order_owners_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "erased_users" (
    "user_id" UUID NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erased_users_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_id_idx" ON "notifications"("recipient_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "notifications_recipient_id_read_at_created_at_id_idx" ON "notifications"("recipient_id", "read_at", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "deliveries_notification_id_idx" ON "deliveries"("notification_id");

-- CreateIndex
CREATE INDEX "deliveries_recipient_id_idx" ON "deliveries"("recipient_id");

-- CreateIndex
CREATE INDEX "order_owners_user_id_idx" ON "order_owners"("user_id");

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Checks Prisma cannot declare (added by hand).
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_sms_number_e164" CHECK ("sms_number" IS NULL OR "sms_number" ~ '^\+[1-9][0-9]{7,14}$');
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_sms_needs_number" CHECK (NOT "sms" OR "sms_number" IS NOT NULL);
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_attempts_non_negative" CHECK ("attempts" >= 0);
