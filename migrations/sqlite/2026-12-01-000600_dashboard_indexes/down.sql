DROP INDEX datasets_declared_idx;
DROP INDEX entry_datasets_declared_idx;
