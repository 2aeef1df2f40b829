-- At most one open conversation per channel identity, so concurrent first requests cannot fork it.
-- (Partial indexes are beyond prisma/schema.prisma; this migration is written by hand.)
CREATE UNIQUE INDEX "Conversation_one_open_per_identity" ON "Conversation"("identityId") WHERE "status" <> 'closed';
