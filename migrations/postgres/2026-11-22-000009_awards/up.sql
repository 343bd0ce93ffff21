-- Awards from a track's prize table, and when the track's results went public.

CREATE TABLE awards (
    id SERIAL PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL UNIQUE REFERENCES entries (id) ON DELETE CASCADE,
    prize_id INTEGER NOT NULL REFERENCES track_prizes (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX awards_track_idx ON awards (track_id);
CREATE INDEX awards_prize_idx ON awards (prize_id);

ALTER TABLE tracks ADD COLUMN results_published_at TIMESTAMP;
