-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "address" TEXT,
ADD COLUMN     "contactPerson" TEXT,
ADD COLUMN     "creditNote" TEXT,
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "fieldConfirmations" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "lifecycleReason" TEXT,
ADD COLUMN     "loyaltyReason" TEXT,
ADD COLUMN     "organization" TEXT,
ADD COLUMN     "preferences" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "segmentsComputedAt" TIMESTAMP(3),
ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "tierPinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tierReason" TEXT;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "impressions" TEXT,
ADD COLUMN     "staffId" TEXT;

-- CreateTable
CREATE TABLE "ContactPoint" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "status" TEXT NOT NULL DEFAULT 'placed',
    "placedAt" TIMESTAMP(3) NOT NULL,
    "items" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentChange" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SegmentChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerMerge" (
    "id" TEXT NOT NULL,
    "keptId" TEXT NOT NULL,
    "mergedId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "undoneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerMerge_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "Customer_externalId_key" ON "Customer"("externalId");

-- CreateIndex
CREATE INDEX "Customer_tier_idx" ON "Customer"("tier");

-- CreateIndex
CREATE INDEX "Customer_name_idx" ON "Customer"("name");

-- AddForeignKey
ALTER TABLE "ContactPoint" ADD CONSTRAINT "ContactPoint_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentChange" ADD CONSTRAINT "SegmentChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

