-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN "conversationId" TEXT;
ALTER TABLE "FollowUp" ADD COLUMN "lockedUntil" DATETIME;
ALTER TABLE "FollowUp" ADD COLUMN "missedAt" DATETIME;
ALTER TABLE "FollowUp" ADD COLUMN "staffId" TEXT;

-- CreateIndex
CREATE INDEX "FollowUp_caseId_idx" ON "FollowUp"("caseId");

