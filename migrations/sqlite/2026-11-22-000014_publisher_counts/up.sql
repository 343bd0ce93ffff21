-- The catalogue's publisher filter shows each publisher with its number of
-- datasets on every search. Counting 50,000 rows per page view is the
-- largest cost of a search, so the counts are kept here, by triggers, exact
-- and shared by every replica.
CREATE TABLE dataset_publishers (
    publisher TEXT PRIMARY KEY NOT NULL,
    datasets INTEGER NOT NULL
);
INSERT INTO dataset_publishers (publisher, datasets)
    SELECT publisher, COUNT(*) FROM datasets GROUP BY publisher;
CREATE TRIGGER dataset_publishers_insert AFTER INSERT ON datasets BEGIN
    INSERT INTO dataset_publishers (publisher, datasets) VALUES (new.publisher, 1)
        ON CONFLICT (publisher) DO UPDATE SET datasets = datasets + 1;
END;
CREATE TRIGGER dataset_publishers_delete AFTER DELETE ON datasets BEGIN
    UPDATE dataset_publishers SET datasets = datasets - 1 WHERE publisher = old.publisher;
    DELETE FROM dataset_publishers WHERE publisher = old.publisher AND datasets <= 0;
END;
CREATE TRIGGER dataset_publishers_update AFTER UPDATE OF publisher ON datasets
WHEN old.publisher IS NOT new.publisher BEGIN
    UPDATE dataset_publishers SET datasets = datasets - 1 WHERE publisher = old.publisher;
    DELETE FROM dataset_publishers WHERE publisher = old.publisher AND datasets <= 0;
    INSERT INTO dataset_publishers (publisher, datasets) VALUES (new.publisher, 1)
        ON CONFLICT (publisher) DO UPDATE SET datasets = datasets + 1;
END;
