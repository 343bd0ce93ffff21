-- University sign-in (OpenID Connect), issue 16.
--
-- A university account linked to a portal account: the provider (an id
-- from OIDC_PROVIDERS) and the provider's subject, unique together, and
-- what the provider asserted at the last sign-in (school, department,
-- student status), which the profile takes as verified.
CREATE TABLE user_identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    email TEXT NOT NULL,
    real_name TEXT NOT NULL DEFAULT '',
    school_code TEXT,
    school_name TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    student BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    signed_in_at TIMESTAMP NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- A sign-in on its way through a provider: the digest of its state, the
-- nonce and the PKCE verifier, kept here (not in one process's memory) so
-- the provider may send the browser back to any replica. The callback
-- deletes the row it uses: a state works once.
CREATE TABLE oidc_logins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state_hash TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_logins_expires_idx ON oidc_logins (expires_at);

-- A university identity whose e-mail belongs to an existing account: it
-- waits here (asserted facts as JSON) until that account's password is
-- given once; an account is never taken over on a provider's word alone.
CREATE TABLE oidc_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    asserted TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_links_user_idx ON oidc_links (user_id);
CREATE INDEX oidc_links_expires_idx ON oidc_links (expires_at);

-- What a university sign-in verified in a profile: the school, the
-- department and student status (which stands in for an enrolment proof),
-- by which provider and when. Changing the school or department by hand
-- drops its mark.
ALTER TABLE profiles ADD COLUMN school_verified BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN department_verified BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN student_verified BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN verified_by TEXT;
ALTER TABLE profiles ADD COLUMN verified_at TIMESTAMP;
