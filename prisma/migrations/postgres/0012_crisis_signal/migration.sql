-- CreateTable
CREATE TABLE "CaseKeyword" (
    "caseId" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseKeyword_pkey" PRIMARY KEY ("caseId","keyword")
);

-- CreateTable
CREATE TABLE "CrisisSignal" (
    "id" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "expected" DOUBLE PRECISION NOT NULL,
    "pValue" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "detectedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "dismissedById" TEXT,
    "dismissedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrisisSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrisisIncident" (
    "id" TEXT NOT NULL,
    "signalId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "statementZh" TEXT NOT NULL,
    "statementEn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "confirmedById" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "closedById" TEXT,
    "closedAt" TIMESTAMP(3),
    "updateZh" TEXT,
    "updateEn" TEXT,
    "notifyCustomers" BOOLEAN NOT NULL DEFAULT false,
    "updatesPlanned" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrisisIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrisisNotice" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "caseId" TEXT,
    "language" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrisisNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseKeyword_createdAt_keyword_idx" ON "CaseKeyword"("createdAt", "keyword");

-- CreateIndex
CREATE INDEX "CaseKeyword_keyword_createdAt_idx" ON "CaseKeyword"("keyword", "createdAt");

-- CreateIndex
CREATE INDEX "CrisisSignal_detectedAt_idx" ON "CrisisSignal"("detectedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CrisisIncident_signalId_key" ON "CrisisIncident"("signalId");

-- CreateIndex
CREATE INDEX "CrisisIncident_status_idx" ON "CrisisIncident"("status");

-- CreateIndex
CREATE INDEX "CrisisNotice_customerId_idx" ON "CrisisNotice"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "CrisisNotice_incidentId_conversationId_key" ON "CrisisNotice"("incidentId", "conversationId");

-- AddForeignKey
ALTER TABLE "CaseKeyword" ADD CONSTRAINT "CaseKeyword_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrisisIncident" ADD CONSTRAINT "CrisisIncident_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "CrisisSignal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrisisNotice" ADD CONSTRAINT "CrisisNotice_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "CrisisIncident"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One active signal per key: a later pass updates it rather than signalling the key again.
-- (Partial indexes are beyond prisma/schema.prisma; this statement is written by hand.)
CREATE UNIQUE INDEX "CrisisSignal_one_active_per_key" ON "CrisisSignal"("dimension", "key") WHERE "endedAt" IS NULL;
