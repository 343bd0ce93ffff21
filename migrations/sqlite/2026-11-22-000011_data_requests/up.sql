-- The government office calendar (one row per day, 是否放假 2 → off) and
-- data requests for unreleased datasets: routed to business units and
-- answered within N working days on that calendar.

CREATE TABLE office_calendar (
    on_date DATE PRIMARY KEY,
    day_off BOOLEAN NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE calendar_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    source TEXT NOT NULL,
    days INTEGER NOT NULL,
    off_days INTEGER NOT NULL,
    imported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    imported_at TIMESTAMP NOT NULL
);
CREATE INDEX calendar_imports_year_idx ON calendar_imports (year);
CREATE INDEX calendar_imports_by_idx ON calendar_imports (imported_by);

CREATE TABLE data_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    requester_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    fields TEXT NOT NULL,
    purpose TEXT NOT NULL,
    suggested_unit_id INTEGER REFERENCES business_units (id) ON DELETE SET NULL,
    preferred_format TEXT NOT NULL,
    needed_by DATE,
    show_team BOOLEAN NOT NULL,
    state TEXT NOT NULL,
    unit_id INTEGER REFERENCES business_units (id) ON DELETE SET NULL,
    -- The current clock: the (effective) routing day, the due date (moved
    -- on by pauses), and since when it is paused waiting for the requester.
    routed_on DATE,
    due_on DATE,
    paused_on DATE,
    expected_on DATE,
    dataset_id TEXT,
    duplicate_of INTEGER REFERENCES data_requests (id) ON DELETE SET NULL,
    reason_code TEXT,
    answered_at TIMESTAMP,
    answered_days INTEGER,
    answered_in_time BOOLEAN,
    reminded_before_on DATE,
    reminded_due_on DATE,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX data_requests_requester_idx ON data_requests (requester_id);
CREATE INDEX data_requests_team_idx ON data_requests (team_id);
CREATE INDEX data_requests_entry_idx ON data_requests (entry_id);
CREATE INDEX data_requests_suggested_unit_idx ON data_requests (suggested_unit_id);
CREATE INDEX data_requests_unit_idx ON data_requests (unit_id, state);
CREATE INDEX data_requests_state_idx ON data_requests (state, due_on);
CREATE INDEX data_requests_duplicate_idx ON data_requests (duplicate_of);

-- Every transition, with who, when and the message; the request's timeline.
CREATE TABLE data_request_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES data_requests (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    message TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX data_request_events_request_idx ON data_request_events (request_id);
CREATE INDEX data_request_events_actor_idx ON data_request_events (actor_id);

-- Each routing starts a span of the clock; re-routing ends it and starts another.
CREATE TABLE data_request_spans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES data_requests (id) ON DELETE CASCADE,
    unit_id INTEGER REFERENCES business_units (id) ON DELETE SET NULL,
    started_on DATE NOT NULL,
    due_on DATE NOT NULL,
    paused_days INTEGER NOT NULL,
    ended_at TIMESTAMP,
    outcome TEXT
);
CREATE INDEX data_request_spans_request_idx ON data_request_spans (request_id);
CREATE INDEX data_request_spans_unit_idx ON data_request_spans (unit_id);

CREATE TABLE data_request_followers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES data_requests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (request_id, user_id)
);
CREATE INDEX data_request_followers_user_idx ON data_request_followers (user_id);

CREATE TABLE data_request_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES data_requests (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- requester, organiser or unit: what the public sees instead of a name.
    author_role TEXT NOT NULL,
    body TEXT NOT NULL,
    hidden_at TIMESTAMP,
    hidden_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX data_request_comments_request_idx ON data_request_comments (request_id);
CREATE INDEX data_request_comments_author_idx ON data_request_comments (author_id);
CREATE INDEX data_request_comments_hidden_by_idx ON data_request_comments (hidden_by);

-- Reasons a business unit may give for not releasing data (organisers
-- can add, rename and retire them).
CREATE TABLE request_reasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO request_reasons (code, label_zh, label_en, active, position) VALUES
    ('privacy', '涉及個人資料或隱私', 'Personal data or privacy', 1, 1),
    ('legal', '法律限制', 'Legal restriction', 1, 2),
    ('not-collected', '尚未蒐集相關資料', 'The data is not collected', 1, 3),
    ('cost', '成本過高', 'Disproportionate cost', 1, 4),
    ('other', '其他', 'Other', 1, 5);
