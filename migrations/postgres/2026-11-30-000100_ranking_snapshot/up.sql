-- issue 18: the organisers' ranking as a stored snapshot. Every change to
-- what a round's ranking is computed from (a submitted score, an
-- eligibility decision, a finalist, the round's settings, a passed entry's
-- declared datasets, a team's withdrawal, a track's counted publishers, a
-- declared dataset's publisher) rewrites it in the same transaction, through
-- `service::judging::ranking::refresh`; the ranking page reads a page of it.
--
-- One row per (track, round) once the round has been ranked: the judges
-- left unnormalised (a JSON list of user ids) and the counts the page shows.
-- Its row is also what two refreshes of the same round queue on.
CREATE TABLE ranking_rounds (
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    ranked INTEGER NOT NULL,
    unscored INTEGER NOT NULL,
    flagged_judges TEXT NOT NULL,
    refreshed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (track_id, round)
);

-- One row per entry judged in the round. `position`: its place in the
-- round's list of entries (unscored ones are listed in this order). The
-- three ranks are its place by each method (NULL: nobody has submitted a
-- score for it). `judges`: each submitted score that explains the line, as
-- a JSON list of [judge's user id, raw total, normalised total].
CREATE TABLE ranking_lines (
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    round TEXT NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rank_normalised INTEGER,
    rank_mean INTEGER,
    rank_median INTEGER,
    reviews INTEGER NOT NULL,
    mean DOUBLE PRECISION NOT NULL,
    median DOUBLE PRECISION NOT NULL,
    stdev DOUBLE PRECISION NOT NULL,
    min_total DOUBLE PRECISION NOT NULL,
    max_total DOUBLE PRECISION NOT NULL,
    normalised DOUBLE PRECISION NOT NULL,
    disagreement BOOLEAN NOT NULL,
    quantity INTEGER NOT NULL,
    judges TEXT NOT NULL,
    PRIMARY KEY (track_id, round, entry_id)
);
CREATE INDEX ranking_lines_normalised ON ranking_lines (track_id, round, rank_normalised);
CREATE INDEX ranking_lines_mean ON ranking_lines (track_id, round, rank_mean);
CREATE INDEX ranking_lines_median ON ranking_lines (track_id, round, rank_median);
CREATE INDEX ranking_lines_position ON ranking_lines (track_id, round, position);
CREATE INDEX ranking_lines_entry ON ranking_lines (entry_id);
