-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "impressions" TEXT;
ALTER TABLE "Contact" ADD COLUMN "staffId" TEXT;

-- CreateTable
CREATE TABLE "ContactPoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContactPoint_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "status" TEXT NOT NULL DEFAULT 'placed',
    "placedAt" DATETIME NOT NULL,
    "items" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SegmentChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerMerge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keptId" TEXT NOT NULL,
    "mergedId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "undoneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "timezone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "country" TEXT,
    "birthday" DATETIME,
    "tier" TEXT NOT NULL DEFAULT 'C',
    "lifecycleStage" TEXT NOT NULL DEFAULT 'exploration',
    "loyalty" TEXT NOT NULL DEFAULT 'none',
    "purchaseTotalCents" INTEGER NOT NULL DEFAULT 0,
    "isKey" BOOLEAN NOT NULL DEFAULT false,
    "keyAccountManagerId" TEXT,
    "optOutGreetings" BOOLEAN NOT NULL DEFAULT false,
    "optOutMarketing" BOOLEAN NOT NULL DEFAULT false,
    "phoneVerifiedAt" DATETIME,
    "erasedAt" DATETIME,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "lastContactAt" DATETIME,
    "externalId" TEXT,
    "address" TEXT,
    "organization" TEXT,
    "contactPerson" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "preferences" TEXT NOT NULL DEFAULT '{}',
    "creditNote" TEXT,
    "tierReason" TEXT,
    "tierPinned" BOOLEAN NOT NULL DEFAULT false,
    "lifecycleReason" TEXT,
    "loyaltyReason" TEXT,
    "segmentsComputedAt" DATETIME,
    "fieldConfirmations" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_keyAccountManagerId_fkey" FOREIGN KEY ("keyAccountManagerId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("attributes", "birthday", "country", "createdAt", "email", "erasedAt", "id", "isKey", "keyAccountManagerId", "lastContactAt", "lifecycleStage", "locale", "loyalty", "name", "optOutGreetings", "optOutMarketing", "phone", "phoneVerifiedAt", "purchaseTotalCents", "tier", "timezone", "updatedAt") SELECT "attributes", "birthday", "country", "createdAt", "email", "erasedAt", "id", "isKey", "keyAccountManagerId", "lastContactAt", "lifecycleStage", "locale", "loyalty", "name", "optOutGreetings", "optOutMarketing", "phone", "phoneVerifiedAt", "purchaseTotalCents", "tier", "timezone", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_externalId_key" ON "Customer"("externalId");
CREATE INDEX "Customer_phone_idx" ON "Customer"("phone");
CREATE INDEX "Customer_email_idx" ON "Customer"("email");
CREATE INDEX "Customer_tier_idx" ON "Customer"("tier");
CREATE INDEX "Customer_name_idx" ON "Customer"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ContactPoint_kind_value_idx" ON "ContactPoint"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "ContactPoint_customerId_kind_value_key" ON "ContactPoint"("customerId", "kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Order_number_key" ON "Order"("number");

-- CreateIndex
CREATE INDEX "Order_customerId_placedAt_idx" ON "Order"("customerId", "placedAt");

-- CreateIndex
CREATE INDEX "Order_placedAt_idx" ON "Order"("placedAt");

-- CreateIndex
CREATE INDEX "SegmentChange_customerId_createdAt_idx" ON "SegmentChange"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "CustomerMerge_keptId_idx" ON "CustomerMerge"("keptId");

-- CreateIndex
CREATE INDEX "CustomerMerge_mergedId_idx" ON "CustomerMerge"("mergedId");

