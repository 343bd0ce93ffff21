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
-- SQLite: one writer at a time, so a plain trigger raises the counter.
CREATE TRIGGER dashboard_contests_insert AFTER INSERT ON contests BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_contests_update AFTER UPDATE ON contests BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_contests_delete AFTER DELETE ON contests BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_tracks_insert AFTER INSERT ON tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_tracks_update AFTER UPDATE ON tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_tracks_delete AFTER DELETE ON tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_track_prizes_insert AFTER INSERT ON track_prizes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_track_prizes_update AFTER UPDATE ON track_prizes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_track_prizes_delete AFTER DELETE ON track_prizes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_awards_insert AFTER INSERT ON awards BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_awards_update AFTER UPDATE ON awards BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_awards_delete AFTER DELETE ON awards BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_finalists_insert AFTER INSERT ON finalists BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_finalists_update AFTER UPDATE ON finalists BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_finalists_delete AFTER DELETE ON finalists BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_members_insert AFTER INSERT ON team_members BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_members_update AFTER UPDATE ON team_members BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_members_delete AFTER DELETE ON team_members BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_tracks_insert AFTER INSERT ON team_tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_tracks_update AFTER UPDATE ON team_tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_tracks_delete AFTER DELETE ON team_tracks BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_eligibility_decisions_insert AFTER INSERT ON eligibility_decisions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_eligibility_decisions_update AFTER UPDATE ON eligibility_decisions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_eligibility_decisions_delete AFTER DELETE ON eligibility_decisions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_reason_codes_insert AFTER INSERT ON reason_codes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_reason_codes_update AFTER UPDATE ON reason_codes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_reason_codes_delete AFTER DELETE ON reason_codes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_themes_insert AFTER INSERT ON dataset_themes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_themes_update AFTER UPDATE ON dataset_themes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_dataset_themes_delete AFTER DELETE ON dataset_themes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_assignments_insert AFTER INSERT ON judge_assignments BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_assignments_update AFTER UPDATE ON judge_assignments BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_assignments_delete AFTER DELETE ON judge_assignments BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_teams_insert AFTER INSERT ON teams BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_teams_delete AFTER DELETE ON teams BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_teams_update AFTER UPDATE OF contest_id, name, withdrawn, created_at ON teams
WHEN old.contest_id IS NOT new.contest_id OR old.name IS NOT new.name OR old.withdrawn IS NOT new.withdrawn OR old.created_at IS NOT new.created_at BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_profiles_insert AFTER INSERT ON profiles BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_profiles_delete AFTER DELETE ON profiles BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_profiles_update AFTER UPDATE OF school_name, department ON profiles
WHEN old.school_name IS NOT new.school_name OR old.department IS NOT new.department BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_users_delete AFTER DELETE ON users BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_users_update AFTER UPDATE OF display_name ON users
WHEN old.display_name IS NOT new.display_name BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entries_insert AFTER INSERT ON entries BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entries_delete AFTER DELETE ON entries BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entries_update AFTER UPDATE OF team_id, track_id, contest_id, submitted_at ON entries
WHEN old.team_id IS NOT new.team_id OR old.track_id IS NOT new.track_id OR old.contest_id IS NOT new.contest_id OR old.submitted_at IS NOT new.submitted_at BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_scores_insert AFTER INSERT ON scores BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_scores_delete AFTER DELETE ON scores BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_scores_update AFTER UPDATE OF entry_id, user_id, round, status ON scores
WHEN old.entry_id IS NOT new.entry_id OR old.user_id IS NOT new.user_id OR old.round IS NOT new.round OR old.status IS NOT new.status BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_datasets_insert AFTER INSERT ON datasets BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_datasets_delete AFTER DELETE ON datasets BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_datasets_update AFTER UPDATE OF source_id, title, publisher ON datasets
WHEN old.source_id IS NOT new.source_id OR old.title IS NOT new.title OR old.publisher IS NOT new.publisher BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_data_requests_insert AFTER INSERT ON data_requests BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_data_requests_delete AFTER DELETE ON data_requests BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_data_requests_update AFTER UPDATE OF state ON data_requests
WHEN old.state IS NOT new.state BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entry_datasets_insert AFTER INSERT ON entry_datasets
WHEN EXISTS (SELECT 1 FROM entries e WHERE e.id = new.entry_id AND e.submitted_at IS NOT NULL) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entry_datasets_delete AFTER DELETE ON entry_datasets
WHEN EXISTS (SELECT 1 FROM entries e WHERE e.id = old.entry_id AND e.submitted_at IS NOT NULL) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entry_datasets_update AFTER UPDATE OF entry_id, dataset_id ON entry_datasets
WHEN (old.entry_id IS NOT new.entry_id OR old.dataset_id IS NOT new.dataset_id)
  AND EXISTS (SELECT 1 FROM entries e WHERE e.id IN (old.entry_id, new.entry_id) AND e.submitted_at IS NOT NULL) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
