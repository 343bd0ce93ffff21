-- Issue 18: each replica keeps a judging round's tally (how many entries are
-- judged, each judge's load and submitted scores, the panel's conflicts with
-- the round's teams), a contest's counts for the staff's homes and where the
-- eligibility review's entries stand, tagged with the dashboard's change
-- counter. The counter already moves on assignments, scores, decisions,
-- finalists, team members, a team withdrawn, contests, tracks and an entry's
-- track or team; these triggers add the rest they read: an entry's status
-- and submitted version, the panel, judges' conflict notes, an account's
-- address (members' mail domains decide conflicts), a judge's account made,
-- verified or disabled (which decide whether a judge on the panel has one),
-- a profile's school code, teams' extensions, consults, and the office
-- calendar with its closures (kept per replica for the request pages).
-- Other accounts made or verified still move nothing.
CREATE CONSTRAINT TRIGGER dashboard_entries_status AFTER UPDATE OF status ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_judge_panel AFTER INSERT OR UPDATE OR DELETE ON judge_panel
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_judge_conflict_notes AFTER INSERT OR UPDATE OR DELETE ON judge_conflict_notes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
-- A trigger's WHEN cannot ask another table: a judge's account is told
-- apart in the function.
CREATE FUNCTION dashboard_judge_account_changed() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM judge_panel WHERE email = NEW.email)
       AND current_setting('contest_portal.dashboard_changed', true) IS DISTINCT FROM '1' THEN
        UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
        PERFORM set_config('contest_portal.dashboard_changed', '1', true);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER dashboard_users_insert AFTER INSERT ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_judge_account_changed();
CREATE CONSTRAINT TRIGGER dashboard_users_email AFTER UPDATE OF email ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_users_account AFTER UPDATE OF email_verified_at, disabled ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.email_verified_at IS DISTINCT FROM NEW.email_verified_at OR OLD.disabled IS DISTINCT FROM NEW.disabled)
    EXECUTE FUNCTION dashboard_judge_account_changed();
CREATE CONSTRAINT TRIGGER dashboard_profiles_school_code AFTER UPDATE OF school_code ON profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.school_code IS DISTINCT FROM NEW.school_code)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_entries_submitted_version AFTER UPDATE OF submitted_version ON entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.submitted_version IS DISTINCT FROM NEW.submitted_version)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_team_extensions AFTER INSERT OR UPDATE OR DELETE ON team_extensions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_consults AFTER INSERT OR UPDATE OR DELETE ON consults
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_office_calendar AFTER INSERT OR UPDATE OR DELETE ON office_calendar
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_office_closures AFTER INSERT OR UPDATE OR DELETE ON office_closures
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
