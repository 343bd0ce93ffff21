DROP TRIGGER IF EXISTS dataset_publishers_update;
DROP TRIGGER IF EXISTS dataset_publishers_delete;
DROP TRIGGER IF EXISTS dataset_publishers_insert;
DROP TABLE IF EXISTS dataset_publishers;
