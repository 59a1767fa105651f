-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);

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
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- Hand-written (Prisma's schema language cannot express them).
-- The relay's scan: only rows still to publish, oldest first.
CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events" ("occurred_at") WHERE "published_at" IS NULL;
-- An erased account keeps no personal data: its row is the anonymised tombstone or nothing.
ALTER TABLE "users" ADD CONSTRAINT "users_deleted_anonymised" CHECK (
  "deleted_at" IS NULL OR ("password_hash" IS NULL AND "display_name" = 'Deleted user' AND "email" = 'deleted-' || "id"::text || '@deleted.invalid')
);
