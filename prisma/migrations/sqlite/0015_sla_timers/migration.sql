-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "delayNoticeAt" DATETIME;
ALTER TABLE "Conversation" ADD COLUMN "lastStaffReplyAt" DATETIME;
ALTER TABLE "Conversation" ADD COLUMN "slaFirstReplyBreachedAt" DATETIME;
ALTER TABLE "Conversation" ADD COLUMN "slaResolutionBreachedAt" DATETIME;

