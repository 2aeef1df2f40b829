-- AlterTable
ALTER TABLE "Staff" ADD COLUMN "disabled" BOOLEAN NOT NULL DEFAULT false;
