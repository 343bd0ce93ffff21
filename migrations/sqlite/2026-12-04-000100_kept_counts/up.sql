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
CREATE TRIGGER dashboard_entries_status AFTER UPDATE OF status ON entries
WHEN old.status IS NOT new.status BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_panel_insert AFTER INSERT ON judge_panel BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_panel_update AFTER UPDATE ON judge_panel BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_panel_delete AFTER DELETE ON judge_panel BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_conflict_notes_insert AFTER INSERT ON judge_conflict_notes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_conflict_notes_update AFTER UPDATE ON judge_conflict_notes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_judge_conflict_notes_delete AFTER DELETE ON judge_conflict_notes BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_users_insert AFTER INSERT ON users
WHEN EXISTS (SELECT 1 FROM judge_panel WHERE email = new.email) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_users_email AFTER UPDATE OF email ON users
WHEN old.email IS NOT new.email BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_users_account AFTER UPDATE OF email_verified_at, disabled ON users
WHEN (old.email_verified_at IS NOT new.email_verified_at OR old.disabled IS NOT new.disabled)
  AND EXISTS (SELECT 1 FROM judge_panel WHERE email = new.email) BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_profiles_school_code AFTER UPDATE OF school_code ON profiles
WHEN old.school_code IS NOT new.school_code BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_entries_submitted_version AFTER UPDATE OF submitted_version ON entries
WHEN old.submitted_version IS NOT new.submitted_version BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_extensions_insert AFTER INSERT ON team_extensions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_extensions_update AFTER UPDATE ON team_extensions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_team_extensions_delete AFTER DELETE ON team_extensions BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_consults_insert AFTER INSERT ON consults BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_consults_update AFTER UPDATE ON consults BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_consults_delete AFTER DELETE ON consults BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_calendar_insert AFTER INSERT ON office_calendar BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_calendar_update AFTER UPDATE ON office_calendar BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_calendar_delete AFTER DELETE ON office_calendar BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_closures_insert AFTER INSERT ON office_closures BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_closures_update AFTER UPDATE ON office_closures BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER dashboard_office_closures_delete AFTER DELETE ON office_closures BEGIN
    UPDATE dashboard_changes SET generation = generation + 1 WHERE id = 1;
END;
