-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "deliveryDueAt" TIMESTAMP(3),
ADD COLUMN     "deliveryError" TEXT,
ADD COLUMN     "undeliveredAt" TIMESTAMP(3);


-- The delivery sweeper's look-up: only messages waiting for their channel are in it.
CREATE INDEX "Message_delivery_due_idx" ON "Message"("deliveryDueAt") WHERE "deliveryDueAt" IS NOT NULL;
