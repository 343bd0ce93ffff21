DROP TABLE judging_settings;
DROP TABLE finalists;
