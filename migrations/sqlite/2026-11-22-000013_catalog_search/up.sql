-- Catalogue search by any substring (also Chinese) without reading every
-- row: an FTS5 trigram index over datasets.search_text, kept in step by
-- triggers. Queries still filter with LIKE on datasets; the index narrows
-- the rows first for words of three characters or more.
CREATE VIRTUAL TABLE datasets_fts USING fts5(
    search_text,
    content = 'datasets',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO datasets_fts (datasets_fts) VALUES ('rebuild');
CREATE TRIGGER datasets_fts_insert AFTER INSERT ON datasets BEGIN
    INSERT INTO datasets_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER datasets_fts_delete AFTER DELETE ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER datasets_fts_update AFTER UPDATE OF search_text ON datasets BEGIN
    INSERT INTO datasets_fts (datasets_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO datasets_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
