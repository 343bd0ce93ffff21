-- The local open-data catalogue: datasets, their resources, and the record
-- of every sync run.

CREATE TABLE datasets (
    id SERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    publisher_oid TEXT NOT NULL,
    description TEXT NOT NULL,
    fields TEXT NOT NULL,
    formats TEXT NOT NULL,
    update_frequency TEXT NOT NULL,
    license TEXT NOT NULL,
    published_at TIMESTAMP,
    modified_at TIMESTAMP,
    search_text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    synced_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX datasets_publisher_idx ON datasets (publisher);
CREATE INDEX datasets_title_idx ON datasets (title);

CREATE TABLE dataset_resources (
    id SERIAL PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    format TEXT NOT NULL,
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    fields TEXT NOT NULL
);
CREATE INDEX dataset_resources_dataset_idx ON dataset_resources (dataset_id, position);

CREATE TABLE sync_runs (
    id SERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    since TEXT NOT NULL,
    started_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    new_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    unchanged_count INTEGER NOT NULL DEFAULT 0,
    failed_count INTEGER NOT NULL DEFAULT 0,
    errors TEXT NOT NULL
);
CREATE INDEX sync_runs_started_idx ON sync_runs (started_at);
CREATE INDEX sync_runs_started_by_idx ON sync_runs (started_by);
