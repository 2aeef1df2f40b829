-- Hand-written: Prisma's diff rebuilds the Message table for these columns, which would drop the
-- partial index of 0011 and copy every message; SQLite adds them in place.
ALTER TABLE "Message" ADD COLUMN "deliveryDueAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "deliveryAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Message" ADD COLUMN "undeliveredAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "deliveryError" TEXT;

-- The delivery sweeper's look-up: only messages waiting for their channel are in it.
CREATE INDEX "Message_delivery_due_idx" ON "Message"("deliveryDueAt") WHERE "deliveryDueAt" IS NOT NULL;
