DROP TABLE dataset_change_entries;
DROP TABLE dataset_changes;
