-- Issue 20 on issue 18's dashboard snapshot: the dashboard also counts the
-- units' challenges (published ones, and the entries answering one), so a
-- change of a challenge or of an entry's chosen challenge raises the counter.
CREATE CONSTRAINT TRIGGER dashboard_challenges AFTER INSERT OR DELETE ON challenges
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_challenges_update AFTER UPDATE OF state, contest_id, track_id ON challenges
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.contest_id IS DISTINCT FROM NEW.contest_id OR OLD.track_id IS DISTINCT FROM NEW.track_id)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_entries_challenge AFTER UPDATE OF challenge_id ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.challenge_id IS DISTINCT FROM NEW.challenge_id)
    EXECUTE FUNCTION dashboard_changed();
