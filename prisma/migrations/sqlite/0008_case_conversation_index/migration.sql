-- CreateIndex
CREATE INDEX "Case_conversationId_idx" ON "Case"("conversationId");

