-- Conversations assigned before routing kept assignedAt count as assigned and opened when this
-- version starts (else the assignment timeout would send every one back to the queue at once).
UPDATE "Conversation" SET "assignedAt" = "updatedAt", "assignmentOpenedAt" = "updatedAt" WHERE "assignedStaffId" IS NOT NULL AND "assignedAt" IS NULL;
