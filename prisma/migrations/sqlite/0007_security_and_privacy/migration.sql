-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "erasedAt" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "phoneVerifiedAt" DATETIME;

-- AlterTable
ALTER TABLE "ChannelIdentity" ADD COLUMN "lastSeenAt" DATETIME;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "customerTier" TEXT;

-- CreateIndex
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");

