DROP TABLE challenge_sharing;
DROP INDEX data_requests_challenge_idx;
ALTER TABLE data_requests DROP COLUMN challenge_id;
DROP INDEX entries_challenge_idx;
ALTER TABLE entries DROP COLUMN challenge_id;
DROP TABLE challenge_datasets;
DROP TABLE challenges;
