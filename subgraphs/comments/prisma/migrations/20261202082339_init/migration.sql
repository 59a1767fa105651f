-- CreateEnum
CREATE TYPE "comment_deleted_by" AS ENUM ('AUTHOR', 'STAFF');

-- CreateTable
CREATE TABLE "comments" (
    "id" UUID NOT NULL,
    "section_id" TEXT NOT NULL,
    "author_id" UUID,
    "api_key_id" UUID,
    "body" TEXT,
    "reply_to_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "deleted_by" "comment_deleted_by",
    "deletion_reason" TEXT,

    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_rate_limits" (
    "subject" TEXT NOT NULL,
    "tat" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "comment_rate_limits_pkey" PRIMARY KEY ("subject")
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

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "comments_section_newest_idx" ON "comments"("section_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "comments_author_id_idx" ON "comments"("author_id");

-- CreateIndex
CREATE INDEX "comments_reply_to_id_idx" ON "comments"("reply_to_id");

-- CreateIndex
CREATE INDEX "comment_rate_limits_tat_idx" ON "comment_rate_limits"("tat");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "outbox_events"("published_at", "occurred_at");

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_reply_to_id_fkey" FOREIGN KEY ("reply_to_id") REFERENCES "comments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (Prisma's schema language cannot express them).
-- The relay's scan: only rows still to publish, oldest first.
CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events" ("occurred_at") WHERE "published_at" IS NULL;
-- What a section id may be (the subgraph validates the same rule, and that the product or event exists).
ALTER TABLE "comments" ADD CONSTRAINT "comments_section_id_format" CHECK (
  char_length("section_id") <= 70 AND "section_id" ~ '^(product:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|event:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|page:[a-z0-9]+(-[a-z0-9]+)*)$'
);
-- A live comment has a body of 1 to 2000 characters, a deleted one none, and says who deleted it.
ALTER TABLE "comments" ADD CONSTRAINT "comments_body_unless_deleted" CHECK (
  ("deleted_at" IS NULL AND "deleted_by" IS NULL AND "body" IS NOT NULL AND char_length("body") BETWEEN 1 AND 2000)
  OR ("deleted_at" IS NOT NULL AND "deleted_by" IS NOT NULL AND "body" IS NULL)
);
ALTER TABLE "comments" ADD CONSTRAINT "comments_deletion_reason_length" CHECK (char_length("deletion_reason") BETWEEN 1 AND 500);
ALTER TABLE "comments" ADD CONSTRAINT "comments_not_a_reply_to_itself" CHECK ("reply_to_id" <> "id");
