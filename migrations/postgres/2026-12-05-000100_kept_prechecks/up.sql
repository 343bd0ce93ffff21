-- Issue 18: each replica keeps the eligibility pre-check of the entries its
-- organisers and reviewers list, tagged with the dashboard's change counter
-- and the entry's version (every save of an entry raises its version). The
-- counter already moves on team members, their tracks, a profile's school
-- and department, a track's rules and a dataset's id, title and publisher;
-- these triggers add the rest the pre-check reads: a dataset's formats or
-- its leaving the catalogue, a member's enrolment proof, a dataset card's
-- columns or problem, and a challenge's recommended datasets.
CREATE CONSTRAINT TRIGGER dashboard_datasets_fitness AFTER UPDATE OF formats, gone_at ON datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.formats IS DISTINCT FROM NEW.formats OR OLD.gone_at IS DISTINCT FROM NEW.gone_at)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_profiles_proof AFTER UPDATE OF proof_status, student_verified ON profiles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.proof_status IS DISTINCT FROM NEW.proof_status OR OLD.student_verified IS DISTINCT FROM NEW.student_verified)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_dataset_cards AFTER INSERT OR DELETE ON dataset_cards
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_dataset_cards_update AFTER UPDATE OF dataset_id, column_names, problem ON dataset_cards
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.dataset_id IS DISTINCT FROM NEW.dataset_id OR OLD.column_names IS DISTINCT FROM NEW.column_names OR OLD.problem IS DISTINCT FROM NEW.problem)
    EXECUTE FUNCTION dashboard_changed();
CREATE CONSTRAINT TRIGGER dashboard_challenge_datasets AFTER INSERT OR UPDATE OR DELETE ON challenge_datasets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_changed();
