-- issue 16: consult. Before its submission deadline a team may ask once per
-- entry how its open-data use reads to an eligibility reviewer (a short
-- question; the reviewer reads the entry's declared datasets and use). A
-- reviewer answers once, with a message and the reason codes (JSON list of
-- reason_codes.code) the entry risks. A consult is never a decision: nothing
-- here touches eligibility_decisions.
--
-- The unique key keeps one consult per entry: a second ask, even two at
-- once on two replicas, collides (409) and leaves one row.
CREATE TABLE consults (
    id SERIAL PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    asked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    question TEXT NOT NULL,
    entry_version INTEGER NOT NULL,
    asked_at TIMESTAMP NOT NULL,
    answered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answer TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL DEFAULT '[]',
    answered_at TIMESTAMP
);
CREATE UNIQUE INDEX consults_once_per_entry ON consults (entry_id);
CREATE INDEX consults_open_idx ON consults (answered_at, asked_at);
