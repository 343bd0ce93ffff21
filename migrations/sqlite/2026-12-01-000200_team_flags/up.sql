-- Issue 18: the flags the organisers' team list filters by that a team's
-- members decide (its tracks' rules met, an enrolment proof missing, students
-- from two or more schools or departments), and its members' schools as the
-- school search compares them, stored per team by the use cases that change
-- them (service::teams::flags) so the list filters, counts and pages them in
-- SQL. A team without a row is written at start-up.
CREATE TABLE team_flags (
    team_id INTEGER PRIMARY KEY NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    rules_met BOOLEAN NOT NULL DEFAULT 0,
    proof_missing BOOLEAN NOT NULL DEFAULT 0,
    cross_school BOOLEAN NOT NULL DEFAULT 0,
    cross_department BOOLEAN NOT NULL DEFAULT 0,
    schools TEXT NOT NULL DEFAULT ''
);
CREATE INDEX team_flags_rules_idx ON team_flags (contest_id, rules_met, team_id);
CREATE INDEX team_flags_proof_idx ON team_flags (contest_id, proof_missing, team_id);
CREATE INDEX team_flags_school_idx ON team_flags (contest_id, cross_school, team_id);
CREATE INDEX team_flags_department_idx ON team_flags (contest_id, cross_department, team_id);
