DROP TRIGGER IF EXISTS datasets_fts_update;
DROP TRIGGER IF EXISTS datasets_fts_delete;
DROP TRIGGER IF EXISTS datasets_fts_insert;
DROP TABLE IF EXISTS datasets_fts;
