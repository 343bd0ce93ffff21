-- Issue 20: challenges set by business units (出題). A unit's reviewers draft
-- a challenge for one track of a contest; organisers ask for changes or
-- publish it (audited); teams pick at most one for their entry and may name it
-- on a data request; the unit sees what answered it and may register for the
-- winners' sharing session.
CREATE TABLE challenges (
    id SERIAL PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES business_units (id),
    -- draft | submitted | changes_requested | published | withdrawn
    state TEXT NOT NULL DEFAULT 'draft',
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    statement_zh TEXT NOT NULL,
    statement_en TEXT NOT NULL,
    -- who would use the result
    intended_users TEXT NOT NULL DEFAULT '',
    -- data the unit could release on request
    releasable_data TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    -- optional prize or follow-up (e.g. an invitation to present)
    prize TEXT NOT NULL DEFAULT '',
    -- the organiser's last request for changes
    review_note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at TIMESTAMP,
    published_at TIMESTAMP,
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    results_notified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX challenges_track_idx ON challenges (track_id, state, id);
CREATE INDEX challenges_unit_idx ON challenges (unit_id, contest_id, id);
CREATE INDEX challenges_contest_idx ON challenges (contest_id, state, id);

-- The catalogue datasets a challenge recommends, in the unit's order.
CREATE TABLE challenge_datasets (
    id SERIAL PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    dataset_id INTEGER NOT NULL REFERENCES datasets (id),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX challenge_datasets_once ON challenge_datasets (challenge_id, dataset_id);

-- The challenge an entry answers (none if NULL), and the one a data request serves.
ALTER TABLE entries ADD COLUMN challenge_id INTEGER REFERENCES challenges (id) ON DELETE SET NULL;
CREATE INDEX entries_challenge_idx ON entries (challenge_id, status);
ALTER TABLE data_requests ADD COLUMN challenge_id INTEGER REFERENCES challenges (id) ON DELETE SET NULL;
CREATE INDEX data_requests_challenge_idx ON data_requests (challenge_id);

-- A unit's registration for the winners' sharing session, once per challenge and session.
CREATE TABLE challenge_sharing (
    id SERIAL PRIMARY KEY,
    challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sharing_sessions (id) ON DELETE CASCADE,
    attendees INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    registered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    registered_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX challenge_sharing_once ON challenge_sharing (challenge_id, session_id);
