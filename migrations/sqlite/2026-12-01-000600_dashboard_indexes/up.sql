-- Issue 18: the dashboard's dataset, publisher and theme tables read every
-- declaration of the contest's submitted entries; these indexes answer the
-- join from the index alone, without each declaration's or dataset's row.
CREATE INDEX entry_datasets_declared_idx ON entry_datasets (entry_id, dataset_id);
CREATE INDEX datasets_declared_idx ON datasets (id, source_id, publisher, title);
