DROP TABLE judge_assignments;
DROP TABLE judge_conflict_notes;
DROP TABLE judge_panel;
