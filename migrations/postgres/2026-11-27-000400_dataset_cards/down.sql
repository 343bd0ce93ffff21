ALTER TABLE sync_runs DROP COLUMN gone_count;
ALTER TABLE sync_runs DROP COLUMN cards_failed;
ALTER TABLE sync_runs DROP COLUMN cards_read;
ALTER TABLE datasets DROP COLUMN gone_at;
DROP TABLE dataset_cards;
