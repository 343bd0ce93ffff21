DROP TABLE sync_runs;
DROP TABLE dataset_resources;
DROP TABLE datasets;
