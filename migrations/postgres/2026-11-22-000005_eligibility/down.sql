DROP TABLE eligibility_decisions;
ALTER TABLE tracks DROP COLUMN second_review_for_fail;
DROP TABLE reason_codes;
