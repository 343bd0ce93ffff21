DROP TABLE eligibility_decisions;
ALTER TABLE entries DROP COLUMN submitted_version;
ALTER TABLE tracks DROP COLUMN second_review_for_fail;
DROP TABLE reason_codes;
