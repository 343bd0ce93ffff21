-- Judging rubrics: one per track and round (preliminary, finals), with the
-- open-data quantity scale and a lock that scoring sets.

CREATE TABLE rubrics (
    id SERIAL PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    quantity_scale TEXT NOT NULL,
    locked_at TIMESTAMP,
    locked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (track_id, round)
);
CREATE INDEX rubrics_locked_by_idx ON rubrics (locked_by);

CREATE TABLE rubric_criteria (
    id SERIAL PRIMARY KEY,
    rubric_id INTEGER NOT NULL REFERENCES rubrics (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    min_score DOUBLE PRECISION NOT NULL,
    max_score DOUBLE PRECISION NOT NULL
);
CREATE INDEX rubric_criteria_rubric_idx ON rubric_criteria (rubric_id, position);
