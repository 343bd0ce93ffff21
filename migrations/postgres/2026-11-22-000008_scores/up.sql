-- Judges' scores: one per judge, entry and round (draft until submitted),
-- and every saved state kept.

CREATE TABLE scores (
    id SERIAL PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    status TEXT NOT NULL,
    -- JSON: criterion position → score; dataset id → depth rating.
    criteria TEXT NOT NULL,
    depth TEXT NOT NULL,
    comment TEXT NOT NULL,
    total DOUBLE PRECISION,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    UNIQUE (entry_id, user_id, round)
);
CREATE INDEX scores_user_idx ON scores (user_id, round);

CREATE TABLE score_history (
    id SERIAL PRIMARY KEY,
    score_id INTEGER NOT NULL REFERENCES scores (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    criteria TEXT NOT NULL,
    depth TEXT NOT NULL,
    comment TEXT NOT NULL,
    total DOUBLE PRECISION,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX score_history_score_idx ON score_history (score_id);
