-- Issue 18: each replica keeps, per track, the entries the review queue's
-- "pre-check failing" filter lists, tagged with the dashboard's change
-- counter alone (not each entry's version). A submitted entry saved again
-- moves the counter today only because its declared datasets are written
-- anew; this says so outright: a new version of a submitted entry moves it.
CREATE TRIGGER dashboard_entries_submitted_saved AFTER UPDATE OF version ON entries
WHEN old.version IS NOT new.version AND new.status = 'submitted' BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
