-- Issue 18: each replica keeps, per track, the entries the review queue's
-- "pre-check failing" filter lists, tagged with the dashboard's change
-- counter alone (not each entry's version). A submitted entry saved again
-- moves the counter today only because its declared datasets are written
-- anew; this says so outright: a new version of a submitted entry moves it.
CREATE CONSTRAINT TRIGGER dashboard_entries_submitted_saved AFTER UPDATE OF version ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version AND NEW.status = 'submitted')
    EXECUTE FUNCTION dashboard_changed();
