DROP TRIGGER IF EXISTS dataset_publishers_update ON datasets;
DROP TRIGGER IF EXISTS dataset_publishers_insert_delete ON datasets;
DROP FUNCTION IF EXISTS dataset_publishers_count();
DROP TABLE IF EXISTS dataset_publishers;
