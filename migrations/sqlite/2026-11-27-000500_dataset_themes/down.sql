DROP INDEX IF EXISTS datasets_format_flag_idx;
ALTER TABLE datasets DROP COLUMN format_flag;
DROP TABLE IF EXISTS track_datasets;
DROP TABLE IF EXISTS dataset_themes;
