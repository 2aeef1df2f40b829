-- CreateTable
CREATE TABLE "CaseKeyword" (
    "caseId" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("caseId", "keyword"),
    CONSTRAINT "CaseKeyword_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CrisisSignal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "expected" REAL NOT NULL,
    "pValue" REAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "detectedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "dismissedById" TEXT,
    "dismissedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CrisisIncident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "signalId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "statementZh" TEXT NOT NULL,
    "statementEn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "confirmedById" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL,
    "closedById" TEXT,
    "closedAt" DATETIME,
    "updateZh" TEXT,
    "updateEn" TEXT,
    "notifyCustomers" BOOLEAN NOT NULL DEFAULT false,
    "updatesPlanned" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CrisisIncident_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "CrisisSignal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CrisisNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "caseId" TEXT,
    "language" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "CrisisNotice_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "CrisisIncident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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


-- One active signal per key: a later pass updates it rather than signalling the key again.
-- (Partial indexes are beyond prisma/schema.prisma; this statement is written by hand.)
CREATE UNIQUE INDEX "CrisisSignal_one_active_per_key" ON "CrisisSignal"("dimension", "key") WHERE "endedAt" IS NULL;
