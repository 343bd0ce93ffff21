-- Catalogue search by any substring (also Chinese) without reading every
-- row: a trigram index, which PostgreSQL uses for LIKE '%…%' by itself.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX datasets_search_trgm_idx ON datasets USING gin (search_text gin_trgm_ops);
