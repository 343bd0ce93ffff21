-- Contests, tracks and their rules and prizes, the school list, profiles,
-- uploaded files, teams with members, invites, history and deadline extensions.

CREATE TABLE schools (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    ownership TEXT NOT NULL,
    city TEXT NOT NULL,
    website TEXT NOT NULL,
    system TEXT NOT NULL
);
CREATE INDEX schools_name_idx ON schools (name);

CREATE TABLE contests (
    id SERIAL PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    registration_opens_at TIMESTAMP,
    registration_closes_at TIMESTAMP,
    submission_deadline_at TIMESTAMP,
    review_starts_at TIMESTAMP,
    review_ends_at TIMESTAMP,
    judging_starts_at TIMESTAMP,
    judging_ends_at TIMESTAMP,
    finals_at TIMESTAMP,
    finals_venue TEXT NOT NULL,
    results_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE tracks (
    id SERIAL PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    theme TEXT NOT NULL,
    agency_unit_id INTEGER REFERENCES business_units (id),
    recommended_datasets TEXT NOT NULL,
    rules_text TEXT NOT NULL,
    min_students INTEGER NOT NULL DEFAULT 1,
    max_students INTEGER NOT NULL DEFAULT 8,
    min_advisors INTEGER NOT NULL DEFAULT 1,
    max_advisors INTEGER NOT NULL DEFAULT 2,
    max_tracks_per_team INTEGER NOT NULL DEFAULT 2,
    min_datasets INTEGER NOT NULL DEFAULT 1,
    counted_publishers TEXT NOT NULL,
    cross_school_allowed BOOLEAN NOT NULL DEFAULT TRUE,
    proof_required BOOLEAN NOT NULL DEFAULT TRUE,
    registration_closes_at TIMESTAMP,
    submission_deadline_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (contest_id, name)
);
CREATE INDEX tracks_contest_idx ON tracks (contest_id, position);
CREATE INDEX tracks_agency_idx ON tracks (agency_unit_id);

CREATE TABLE track_prizes (
    id SERIAL PRIMARY KEY,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rank_label TEXT NOT NULL,
    winners INTEGER NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX track_prizes_track_idx ON track_prizes (track_id, position);

CREATE TABLE files (
    id SERIAL PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    content_type TEXT NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX files_owner_idx ON files (owner_id);

CREATE TABLE profiles (
    user_id INTEGER PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    real_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    school_code TEXT REFERENCES schools (code),
    school_name TEXT NOT NULL,
    school_checked BOOLEAN NOT NULL DEFAULT FALSE,
    department TEXT NOT NULL,
    student_id TEXT NOT NULL,
    year_of_study INTEGER,
    phone TEXT NOT NULL,
    proof_file_id INTEGER REFERENCES files (id) ON DELETE SET NULL,
    proof_status TEXT NOT NULL,
    proof_checked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    proof_checked_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX profiles_school_idx ON profiles (school_code);
CREATE INDEX profiles_proof_file_idx ON profiles (proof_file_id);
CREATE INDEX profiles_proof_checked_by_idx ON profiles (proof_checked_by);

CREATE TABLE teams (
    id SERIAL PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    captain_id INTEGER NOT NULL REFERENCES users (id),
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    member_token TEXT NOT NULL UNIQUE,
    advisor_token TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (contest_id, name)
);
CREATE INDEX teams_captain_idx ON teams (captain_id);

CREATE TABLE team_tracks (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, track_id)
);
CREATE INDEX team_tracks_track_idx ON team_tracks (track_id);

CREATE TABLE team_members (
    id SERIAL PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    member_role TEXT NOT NULL,
    joined_at TIMESTAMP NOT NULL,
    UNIQUE (team_id, user_id)
);
-- A student is in at most one team per contest (advisors may advise several).
CREATE UNIQUE INDEX team_members_one_team_per_student ON team_members (contest_id, user_id) WHERE member_role = 'student';
CREATE INDEX team_members_user_idx ON team_members (user_id);

CREATE TABLE team_events (
    id SERIAL PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX team_events_team_idx ON team_events (team_id, created_at);
CREATE INDEX team_events_actor_idx ON team_events (actor_id);

CREATE TABLE team_extensions (
    id SERIAL PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    deadline TEXT NOT NULL,
    until_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX team_extensions_team_idx ON team_extensions (team_id, deadline);
CREATE INDEX team_extensions_created_by_idx ON team_extensions (created_by);
