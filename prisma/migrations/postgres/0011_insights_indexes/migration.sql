-- Insights (GET /api/staff/insights) read conversations, cases and surveys by when they started
-- and commitments by case. No column here is written by the per-message UPDATE of a conversation
-- (createdAt never changes), so these indexes cost one entry when a row is created, nothing per message.

-- CreateIndex
CREATE INDEX "Conversation_createdAt_idx" ON "Conversation"("createdAt");

-- CreateIndex
CREATE INDEX "Case_createdAt_idx" ON "Case"("createdAt");

-- CreateIndex
CREATE INDEX "Commitment_caseId_idx" ON "Commitment"("caseId");

-- CreateIndex
CREATE INDEX "Survey_createdAt_idx" ON "Survey"("createdAt");

-- The first staff reply of a conversation in one lookup. Partial: only staff messages have an entry,
-- so the customer's and the bot's messages (the per-message path) write nothing to it.
-- (Partial indexes are beyond prisma/schema.prisma; this statement is written by hand.)
CREATE INDEX "Message_staff_reply_idx" ON "Message"("conversationId", "createdAt") WHERE "author" = 'staff';
