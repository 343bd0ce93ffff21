-- The watch on what entries depend on. A change upstream of a dataset that
-- entries declare (gone from the catalogue, or its columns changed so that
-- a declared field disappeared) is recorded once, with each entry it
-- touched and the declared fields that entry lost; the teams are told in
-- the transaction that records it. The unique keys make two replicas or
-- two runs that see the same change leave one record (and one message).
--
-- change_key says which change it is: "gone:<when it was marked gone>",
-- or "columns:<when the columns were read before>:<digest of the new
-- columns>", so the same change seen twice is one, and a field that
-- vanishes, comes back and vanishes again is two.
CREATE TABLE dataset_changes (
    id SERIAL PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    change_key TEXT NOT NULL,
    columns_before TEXT NOT NULL DEFAULT '[]',
    columns_after TEXT NOT NULL DEFAULT '[]',
    seen_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX dataset_changes_once ON dataset_changes (dataset_id, change_key);
CREATE INDEX dataset_changes_seen_idx ON dataset_changes (seen_at);

-- lost_fields: the entry's declared fields that disappeared (JSON; empty
-- when the dataset is gone).
CREATE TABLE dataset_change_entries (
    id SERIAL PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES dataset_changes (id) ON DELETE CASCADE,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    lost_fields TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX dataset_change_entries_once ON dataset_change_entries (change_id, entry_id);
CREATE INDEX dataset_change_entries_entry_idx ON dataset_change_entries (entry_id);
