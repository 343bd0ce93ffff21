-- A dataset's fitness card: the real columns and first rows of its first
-- machine-readable resource, and how the last attempt to read it went.
-- A failed attempt keeps the columns and rows read before and records why
-- (problem: a Fluent message id; link_status: the last HTTP status, NULL
-- when the server never answered). A dataset the catalogue no longer has
-- (its metadata answers 404) is marked gone, never deleted: entries
-- declare it.
CREATE TABLE dataset_cards (
    dataset_id INTEGER PRIMARY KEY NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    resource_url TEXT NOT NULL DEFAULT '',
    resource_format TEXT NOT NULL DEFAULT '',
    encoding TEXT NOT NULL DEFAULT '',
    column_names TEXT NOT NULL DEFAULT '[]',
    sample_rows TEXT NOT NULL DEFAULT '[]',
    read_at TIMESTAMP,
    checked_at TIMESTAMP NOT NULL,
    link_status INTEGER,
    problem TEXT NOT NULL DEFAULT '',
    problem_detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dataset_cards_checked_idx ON dataset_cards (checked_at);
ALTER TABLE datasets ADD COLUMN gone_at TIMESTAMP;
-- A sync run also says how many cards it read, how many it could not,
-- and how many datasets it found gone.
ALTER TABLE sync_runs ADD COLUMN cards_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN cards_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN gone_count INTEGER NOT NULL DEFAULT 0;
