-- Issue 18: each replica keeps the eligibility pre-check of the entries its
-- organisers and reviewers list, tagged with the dashboard's change counter
-- and the entry's version (every save of an entry raises its version). The
-- counter already moves on team members, their tracks, a profile's school
-- and department, a track's rules and a dataset's id, title and publisher;
-- these triggers add the rest the pre-check reads: a dataset's formats or
-- its leaving the catalogue, a member's enrolment proof, a dataset card's
-- columns or problem, and a challenge's recommended datasets.
CREATE TRIGGER dashboard_datasets_fitness AFTER UPDATE OF formats, gone_at ON datasets
WHEN old.formats IS NOT new.formats OR old.gone_at IS NOT new.gone_at BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_profiles_proof AFTER UPDATE OF proof_status, student_verified ON profiles
WHEN old.proof_status IS NOT new.proof_status OR old.student_verified IS NOT new.student_verified BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_cards_insert AFTER INSERT ON dataset_cards BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_cards_update AFTER UPDATE OF dataset_id, column_names, problem ON dataset_cards
WHEN old.dataset_id IS NOT new.dataset_id OR old.column_names IS NOT new.column_names OR old.problem IS NOT new.problem BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_cards_delete AFTER DELETE ON dataset_cards BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_challenge_datasets_insert AFTER INSERT ON challenge_datasets BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_challenge_datasets_update AFTER UPDATE ON challenge_datasets BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_challenge_datasets_delete AFTER DELETE ON challenge_datasets BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
