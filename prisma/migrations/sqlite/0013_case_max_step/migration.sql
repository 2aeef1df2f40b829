-- The furthest step a complaint reached (the insights' funnel): "step" goes back when the
-- customer turns an offer down. Existing cases start from their current step.
ALTER TABLE "Case" ADD COLUMN "maxStep" INTEGER NOT NULL DEFAULT 1;
UPDATE "Case" SET "maxStep" = "step";
