-- Issue 20 on issue 18's dashboard snapshot: the dashboard also counts the
-- units' challenges (published ones, and the entries answering one), so a
-- change of a challenge or of an entry's chosen challenge raises the counter.
CREATE TRIGGER dashboard_challenges_insert AFTER INSERT ON challenges BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_challenges_delete AFTER DELETE ON challenges BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_challenges_update AFTER UPDATE OF state, contest_id, track_id ON challenges
WHEN old.state IS NOT new.state OR old.contest_id IS NOT new.contest_id OR old.track_id IS NOT new.track_id BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entries_challenge AFTER UPDATE OF challenge_id ON entries
WHEN old.challenge_id IS NOT new.challenge_id BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
