-- Entries (作品): one per team per track, the open datasets each declares,
-- every saved version, and advisors' endorsements.

CREATE TABLE entries (
    id SERIAL PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    problem TEXT NOT NULL,
    solution TEXT NOT NULL,
    target_users TEXT NOT NULL,
    demo_url TEXT NOT NULL,
    repo_url TEXT NOT NULL,
    proposal_file_id INTEGER REFERENCES files (id) ON DELETE SET NULL,
    submitted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (team_id, track_id)
);
CREATE INDEX entries_track_idx ON entries (track_id);
CREATE INDEX entries_contest_idx ON entries (contest_id);
CREATE INDEX entries_proposal_idx ON entries (proposal_file_id);

CREATE TABLE entry_datasets (
    id SERIAL PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    dataset_id INTEGER NOT NULL REFERENCES datasets (id),
    position INTEGER NOT NULL,
    fields_used TEXT NOT NULL,
    usage TEXT NOT NULL,
    depth INTEGER NOT NULL
);
CREATE INDEX entry_datasets_entry_idx ON entry_datasets (entry_id, position);
CREATE INDEX entry_datasets_dataset_idx ON entry_datasets (dataset_id);

CREATE TABLE entry_versions (
    id SERIAL PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    UNIQUE (entry_id, version)
);
CREATE INDEX entry_versions_author_idx ON entry_versions (author_id);

CREATE TABLE entry_endorsements (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    advisor_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    endorsed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, advisor_id)
);
CREATE INDEX entry_endorsements_advisor_idx ON entry_endorsements (advisor_id);
