-- Outreach (issue 16, part 2): campaign links for a department, a school or
-- a channel, each with a random code for its link /c/{code}. A visit is
-- counted once per browser and campaign (the unique key on the visitor's
-- digest), in the database so that replicas agree; an account made by a
-- browser that came through a campaign records it (first touch wins).
-- Nothing personal is kept here beyond the account's id.
CREATE TABLE campaigns (
    id SERIAL PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    school_code TEXT REFERENCES schools (code),
    department TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX campaigns_code ON campaigns (code);
CREATE INDEX campaigns_contest_idx ON campaigns (contest_id);

-- visitor: the digest of the browser's visit cookie, never the cookie.
CREATE TABLE campaign_visits (
    id SERIAL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    visitor TEXT NOT NULL,
    visited_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX campaign_visits_once ON campaign_visits (campaign_id, visitor);

CREATE TABLE campaign_signups (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    signed_up_at TIMESTAMP NOT NULL
);
CREATE INDEX campaign_signups_campaign_idx ON campaign_signups (campaign_id);
