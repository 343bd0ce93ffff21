DROP TABLE entry_endorsements;
DROP TABLE entry_versions;
DROP TABLE entry_datasets;
DROP TABLE entries;
