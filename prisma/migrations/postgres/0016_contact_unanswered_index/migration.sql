-- The knowledge gaps on the Insights page read the contacts the bot left on a question it could not
-- answer, by when they last changed (store/insights-store.ts unansweredQuestions): without an index
-- on time that is a pass over the whole contact log. Partial: only unresolved inquiries have an
-- entry (about one conversation in seven), so the contacts rewritten turn after turn on the
-- per-message path add nothing to it while they are anything else. (On PostgreSQL their updates are
-- no longer HOT, as with any index on the time: one more entry in each Contact index per change.)
-- The query names both conditions as literals, which is what lets SQLite and PostgreSQL use it.
-- (Partial indexes are beyond prisma/schema.prisma; this statement is written by hand.)
CREATE INDEX "Contact_unanswered_idx" ON "Contact"("updatedAt") WHERE "kind" = 'inquiry' AND "outcome" = 'unresolved';
