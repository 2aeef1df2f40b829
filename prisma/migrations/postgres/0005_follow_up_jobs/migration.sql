-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN     "conversationId" TEXT,
ADD COLUMN     "lockedUntil" TIMESTAMP(3),
ADD COLUMN     "missedAt" TIMESTAMP(3),
ADD COLUMN     "staffId" TEXT;

-- CreateIndex
CREATE INDEX "FollowUp_caseId_idx" ON "FollowUp"("caseId");

