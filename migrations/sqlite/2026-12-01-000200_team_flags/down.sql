DROP TABLE team_flags;
