DROP INDEX team_members_contest_team_idx;
DROP INDEX teams_contest_list_idx;
