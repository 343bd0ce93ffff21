-- Foundation: accounts, roles, business units, sessions, e-mail tokens,
-- throttling, mail outbox, audit log and job leases.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    email_verified_at TIMESTAMP,
    locale TEXT NOT NULL DEFAULT 'zh-TW',
    disabled BOOLEAN NOT NULL DEFAULT 0,
    must_change_password BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_created_at_idx ON users (created_at);

CREATE TABLE roles (
    name TEXT PRIMARY KEY NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE business_units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL REFERENCES roles (name),
    unit_id INTEGER REFERENCES business_units (id),
    granted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, role)
);
CREATE INDEX user_roles_role_idx ON user_roles (role);
CREATE INDEX user_roles_unit_idx ON user_roles (unit_id);
CREATE INDEX user_roles_granted_by_idx ON user_roles (granted_by);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    user_agent TEXT,
    ip TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE email_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

CREATE TABLE throttle_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX throttle_events_lookup_idx ON throttle_events (bucket, subject, created_at);
CREATE INDEX throttle_events_created_idx ON throttle_events (created_at);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (sent_at, failed_at, next_attempt_at);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT,
    details TEXT NOT NULL,
    ip TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
CREATE INDEX audit_log_action_idx ON audit_log (action);

CREATE TABLE job_leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

INSERT INTO roles (name, sort_order) VALUES
    ('participant', 1),
    ('advisor', 2),
    ('reviewer', 3),
    ('judge', 4),
    ('unit_reviewer', 5),
    ('organiser', 6),
    ('admin', 7);

INSERT INTO business_units (code, name_zh, name_en, kind, active, created_at) VALUES
    ('mol-planning', '勞動部綜合規劃司', 'Department of Planning, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-insurance', '勞動部勞動保險司', 'Department of Labor Insurance, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-welfare', '勞動部勞動福祉退休司', 'Department of Labor Welfare and Retirement, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-standards', '勞動部勞動條件及就業平等司', 'Department of Labor Standards and Equal Employment, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-relations', '勞動部勞動關係司', 'Department of Labor Relations, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-legal', '勞動部勞動法務司', 'Department of Labor Legal Affairs, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('mol-it', '勞動部資訊處', 'Department of Information Management, MOL', 'department', 1, CURRENT_TIMESTAMP),
    ('bli', '勞動部勞工保險局', 'Bureau of Labor Insurance', 'agency', 1, CURRENT_TIMESTAMP),
    ('wda', '勞動部勞動力發展署', 'Workforce Development Agency', 'agency', 1, CURRENT_TIMESTAMP),
    ('osha', '勞動部職業安全衛生署', 'Occupational Safety and Health Administration', 'agency', 1, CURRENT_TIMESTAMP),
    ('blf', '勞動部勞動基金運用局', 'Bureau of Labor Funds', 'agency', 1, CURRENT_TIMESTAMP),
    ('ilosh', '勞動部勞動及職業安全衛生研究所', 'Institute of Labor, Occupational Safety and Health', 'agency', 1, CURRENT_TIMESTAMP);
