DROP INDEX IF EXISTS datasets_search_trgm_idx;
