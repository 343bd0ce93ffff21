-- The catalogue's publisher filter shows each publisher with its number of
-- datasets on every search. Counting 50,000 rows per page view is the
-- largest cost of a search, so the counts are kept here, by a trigger, exact
-- and shared by every replica.
CREATE TABLE dataset_publishers (
    publisher TEXT PRIMARY KEY NOT NULL,
    datasets INTEGER NOT NULL
);
INSERT INTO dataset_publishers (publisher, datasets)
    SELECT publisher, COUNT(*) FROM datasets GROUP BY publisher;
CREATE FUNCTION dataset_publishers_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE dataset_publishers SET datasets = datasets - 1 WHERE publisher = OLD.publisher;
        DELETE FROM dataset_publishers WHERE publisher = OLD.publisher AND datasets <= 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO dataset_publishers (publisher, datasets) VALUES (NEW.publisher, 1)
            ON CONFLICT (publisher) DO UPDATE SET datasets = dataset_publishers.datasets + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dataset_publishers_insert_delete AFTER INSERT OR DELETE ON datasets
    FOR EACH ROW EXECUTE FUNCTION dataset_publishers_count();
CREATE TRIGGER dataset_publishers_update AFTER UPDATE OF publisher ON datasets
    FOR EACH ROW WHEN (OLD.publisher IS DISTINCT FROM NEW.publisher)
    EXECUTE FUNCTION dataset_publishers_count();
