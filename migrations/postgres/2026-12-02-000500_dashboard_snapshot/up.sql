-- Issue 18: the organisers' dashboard counts a whole contest (teams, members'
-- schools, entries, decisions, declared datasets, judging, requests), about
-- half a second at full size. It is kept here, one snapshot per contest and
-- language, tagged with the change counter below; triggers raise the counter
-- on every write to what the dashboard counts, whoever writes it, so a
-- snapshot whose tag is the counter's value is the figures of now, on every
-- replica. A read that finds the counter moved counts again and stores it.
CREATE TABLE dashboard_changes (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL DEFAULT 0
);
INSERT INTO dashboard_changes (id, generation) VALUES (1, 0);
CREATE TABLE dashboard_snapshots (
    contest_id INTEGER NOT NULL,
    lang TEXT NOT NULL,
    generation BIGINT NOT NULL,
    figures TEXT NOT NULL,
    made_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, lang)
);
-- PostgreSQL: deferred to the commit and raised once per transaction, so
-- the counter's row is locked last and only while committing (no deadlock
-- with the writes before it, no wait across a long transaction).
CREATE FUNCTION dashboard_changed() RETURNS trigger AS $$
BEGIN
    IF current_setting('contest_portal.dashboard_changed', true) IS DISTINCT FROM '1' THEN
        UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
        PERFORM set_config('contest_portal.dashboard_changed', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- A declared dataset counts only for a submitted entry (drafts are saved
-- often, at the deadline by hundreds of teams at once).
CREATE FUNCTION dashboard_declared_changed() RETURNS trigger AS $$
DECLARE
    ids INTEGER[];
BEGIN
    IF current_setting('contest_portal.dashboard_changed', true) IS NOT DISTINCT FROM '1' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY[NEW.entry_id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.entry_id];
    ELSE
        ids := ARRAY[OLD.entry_id, NEW.entry_id];
    END IF;
    IF EXISTS (SELECT 1 FROM entries e WHERE e.id = ANY(ids) AND e.submitted_at IS NOT NULL) THEN
        UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
        PERFORM set_config('contest_portal.dashboard_changed', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER dashboard_contests AFTER INSERT OR UPDATE OR DELETE ON contests
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_tracks AFTER INSERT OR UPDATE OR DELETE ON tracks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_track_prizes AFTER INSERT OR UPDATE OR DELETE ON track_prizes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_awards AFTER INSERT OR UPDATE OR DELETE ON awards
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_finalists AFTER INSERT OR UPDATE OR DELETE ON finalists
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_team_members AFTER INSERT OR UPDATE OR DELETE ON team_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_team_tracks AFTER INSERT OR UPDATE OR DELETE ON team_tracks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_eligibility_decisions AFTER INSERT OR UPDATE OR DELETE ON eligibility_decisions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_reason_codes AFTER INSERT OR UPDATE OR DELETE ON reason_codes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_dataset_themes AFTER INSERT OR UPDATE OR DELETE ON dataset_themes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_judge_assignments AFTER INSERT OR UPDATE OR DELETE ON judge_assignments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_teams AFTER INSERT OR DELETE ON teams
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_teams_update AFTER UPDATE OF contest_id, name, withdrawn, created_at ON teams
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.contest_id IS DISTINCT FROM NEW.contest_id OR OLD.name IS DISTINCT FROM NEW.name OR OLD.withdrawn IS DISTINCT FROM NEW.withdrawn OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_profiles AFTER INSERT OR DELETE ON profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_profiles_update AFTER UPDATE OF school_name, department ON profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.school_name IS DISTINCT FROM NEW.school_name OR OLD.department IS DISTINCT FROM NEW.department)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_users AFTER DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_users_update AFTER UPDATE OF display_name ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_entries AFTER INSERT OR DELETE ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_entries_update AFTER UPDATE OF team_id, track_id, contest_id, submitted_at ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.track_id IS DISTINCT FROM NEW.track_id OR OLD.contest_id IS DISTINCT FROM NEW.contest_id OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_scores AFTER INSERT OR DELETE ON scores
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_scores_update AFTER UPDATE OF entry_id, user_id, round, status ON scores
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.entry_id IS DISTINCT FROM NEW.entry_id OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.round IS DISTINCT FROM NEW.round OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_datasets AFTER INSERT OR DELETE ON datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_datasets_update AFTER UPDATE OF source_id, title, publisher ON datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.source_id IS DISTINCT FROM NEW.source_id OR OLD.title IS DISTINCT FROM NEW.title OR OLD.publisher IS DISTINCT FROM NEW.publisher)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_data_requests AFTER INSERT OR DELETE ON data_requests
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_data_requests_update AFTER UPDATE OF state ON data_requests
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_entry_datasets AFTER INSERT OR DELETE ON entry_datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_declared_changed();
CREATE CONSTRAINT TRIGGER dashboard_entry_datasets_update AFTER UPDATE OF entry_id, dataset_id ON entry_datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.entry_id IS DISTINCT FROM NEW.entry_id OR OLD.dataset_id IS DISTINCT FROM NEW.dataset_id)
    EXECUTE FUNCTION dashboard_declared_changed();
