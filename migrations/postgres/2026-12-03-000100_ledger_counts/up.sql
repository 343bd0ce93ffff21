-- Issue 18: each replica keeps the impact ledger's lines in memory, tagged
-- with the dashboard's change counter, which already moves on every write
-- the ledger counts but two: a declared dataset's depth of use (for a
-- submitted entry) and the dataset a data request was answered with.
CREATE CONSTRAINT TRIGGER dashboard_entry_datasets_depth AFTER UPDATE OF depth ON entry_datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.depth IS DISTINCT FROM NEW.depth)
    EXECUTE FUNCTION dashboard_declared_changed();
CREATE CONSTRAINT TRIGGER dashboard_data_requests_dataset AFTER UPDATE OF dataset_id ON data_requests
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.dataset_id IS DISTINCT FROM NEW.dataset_id)
    EXECUTE FUNCTION dashboard_changed();
