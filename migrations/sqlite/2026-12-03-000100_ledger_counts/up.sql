-- Issue 18: each replica keeps the impact ledger's lines in memory, tagged
-- with the dashboard's change counter, which already moves on every write
-- the ledger counts but two: a declared dataset's depth of use (for a
-- submitted entry) and the dataset a data request was answered with.
CREATE TRIGGER dashboard_entry_datasets_depth AFTER UPDATE OF depth ON entry_datasets
WHEN old.depth IS NOT new.depth
  AND EXISTS (SELECT 1 FROM entries e WHERE e.id = new.entry_id AND e.submitted_at IS NOT NULL) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_data_requests_dataset AFTER UPDATE OF dataset_id ON data_requests
WHEN old.dataset_id IS NOT new.dataset_id BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
