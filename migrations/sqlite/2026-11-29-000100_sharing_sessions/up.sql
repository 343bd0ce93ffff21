-- issue 17: winners' sharing sessions. After a contest's results are
-- published the organiser schedules a session (date, start time, place)
-- with its slots, invites winning teams to slots; a team confirms or asks
-- for another slot; the unconfirmed are reminded (reminded_at: at most once
-- a day); after the session the organiser records action items for business
-- units, carried into the advisory-group pack until marked done.
--
-- Unique keys settle two identical actions at once (one row, the other a
-- 409): one session per contest and day, one slot per session and start
-- time, a team invited once per session, a slot holding one team, and one
-- action item per session, unit and text.
CREATE TABLE sharing_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    held_on DATE NOT NULL,
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    agenda_version INTEGER NOT NULL DEFAULT 0,
    agenda_sent_at TIMESTAMP,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sharing_sessions_one_a_day ON sharing_sessions (contest_id, held_on);

CREATE TABLE sharing_slots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sharing_sessions (id) ON DELETE CASCADE,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sharing_slots_once ON sharing_slots (session_id, starts);

CREATE TABLE sharing_invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sharing_sessions (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    slot_id INTEGER NOT NULL REFERENCES sharing_slots (id),
    state TEXT NOT NULL DEFAULT 'invited',
    message TEXT NOT NULL DEFAULT '',
    preferred_slot_id INTEGER REFERENCES sharing_slots (id) ON DELETE SET NULL,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    invited_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    reminded_at TIMESTAMP
);
CREATE UNIQUE INDEX sharing_invitations_team_once ON sharing_invitations (session_id, team_id);
CREATE UNIQUE INDEX sharing_invitations_slot_once ON sharing_invitations (slot_id);

CREATE TABLE sharing_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sharing_sessions (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner_unit_id INTEGER NOT NULL REFERENCES business_units (id),
    due_on DATE NOT NULL,
    done_at TIMESTAMP,
    done_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sharing_actions_once ON sharing_actions (session_id, owner_unit_id, description);
CREATE INDEX sharing_actions_open_idx ON sharing_actions (done_at, due_on);
