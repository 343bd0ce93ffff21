-- Issue 15, themes: a dataset's high-application-value themes, the
-- catalogue datasets organisers recommend for a track, and a dataset's
-- format flag (domain::themes::FormatFlag over domain::fitness::flags) so
-- the catalogue search filters by it in SQL.
CREATE TABLE dataset_themes (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    tagged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (dataset_id, theme)
);
-- The theme filter: the datasets of one theme.
CREATE INDEX dataset_themes_theme_idx ON dataset_themes (theme, dataset_id);

CREATE TABLE track_datasets (
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    tagged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (track_id, dataset_id)
);
-- A dataset's page lists the tracks it is recommended for.
CREATE INDEX track_datasets_dataset_idx ON track_datasets (dataset_id);

-- NULL until computed. Existing rows are filled in at start-up by
-- service::catalog::backfill_format_flags, which runs the domain's own
-- function over each dataset's stored resources: a copy of
-- fitness::kind_of in two SQL dialects could drift from it. A later
-- migration that sets the column back to NULL makes the next start
-- recompute every row (e.g. when kind_of learns a new format).
ALTER TABLE datasets ADD COLUMN format_flag TEXT;
-- The format filter, in title order as a search without keywords lists.
CREATE INDEX datasets_format_flag_idx ON datasets (format_flag, title, id);
