-- Judges: the panel of each track and round (by e-mail, so people can be
-- invited before they have an account), declared and dismissed conflicts,
-- and which judge scores which entry.

CREATE TABLE judge_panel (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    email TEXT NOT NULL,
    max_load INTEGER NOT NULL,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    invited_at TIMESTAMP NOT NULL,
    UNIQUE (track_id, round, email)
);
CREATE INDEX judge_panel_email_idx ON judge_panel (email);
CREATE INDEX judge_panel_invited_by_idx ON judge_panel (invited_by);

-- kind: 'declared' (by the judge) or 'dismissed' (a detected conflict an
-- organiser set aside); both carry a note.
CREATE TABLE judge_conflict_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, team_id, kind)
);
CREATE INDEX judge_conflict_notes_team_idx ON judge_conflict_notes (team_id);
CREATE INDEX judge_conflict_notes_created_by_idx ON judge_conflict_notes (created_by);

CREATE TABLE judge_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    manual BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (entry_id, user_id, round)
);
CREATE INDEX judge_assignments_user_idx ON judge_assignments (user_id, round);
