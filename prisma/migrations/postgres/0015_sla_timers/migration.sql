-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "delayNoticeAt" TIMESTAMP(3),
ADD COLUMN     "lastStaffReplyAt" TIMESTAMP(3),
ADD COLUMN     "slaFirstReplyBreachedAt" TIMESTAMP(3),
ADD COLUMN     "slaResolutionBreachedAt" TIMESTAMP(3);

