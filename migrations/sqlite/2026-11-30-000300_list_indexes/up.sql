-- Issue 18: the organisers' team list filters, counts and pages a contest's
-- teams in the database (not withdrawn first, in registration order), and a
-- filter on members' words or schools reads one contest's members.
CREATE INDEX teams_contest_list_idx ON teams (contest_id, withdrawn, id);
CREATE INDEX team_members_contest_team_idx ON team_members (contest_id, team_id);
