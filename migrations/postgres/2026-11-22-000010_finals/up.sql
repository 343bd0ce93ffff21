-- Finals: the entries an organiser advanced from the preliminary ranking,
-- and per track and round how judging runs (anonymity, whether judges see
-- each other's scores once they submitted, ranking method, the spread that
-- counts as high disagreement).

CREATE TABLE finalists (
    id SERIAL PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id) ON DELETE CASCADE,
    preliminary_rank INTEGER,
    advanced_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    advanced_at TIMESTAMP NOT NULL
);
CREATE INDEX finalists_track_idx ON finalists (track_id);
CREATE INDEX finalists_advanced_by_idx ON finalists (advanced_by);

CREATE TABLE judging_settings (
    id SERIAL PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    anonymous BOOLEAN NOT NULL,
    show_others BOOLEAN NOT NULL,
    rank_method TEXT NOT NULL,
    disagreement DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (track_id, round)
);
