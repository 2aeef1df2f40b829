-- CreateTable
CREATE TABLE "ChatRating" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "servedBy" TEXT NOT NULL,
    "staffId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'asked',
    "score" INTEGER,
    "comment" TEXT,
    "language" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "ChatRating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChatRating_conversationId_key" ON "ChatRating"("conversationId");

-- CreateIndex
CREATE INDEX "ChatRating_answeredAt_idx" ON "ChatRating"("answeredAt");

-- CreateIndex
CREATE INDEX "ChatRating_staffId_answeredAt_idx" ON "ChatRating"("staffId", "answeredAt");

-- CreateIndex
CREATE INDEX "ChatRating_customerId_idx" ON "ChatRating"("customerId");

