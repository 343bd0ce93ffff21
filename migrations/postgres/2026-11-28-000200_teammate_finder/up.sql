-- The teammate finder (issue 16): a student's card for a contest (school
-- and department come from the profile; the discipline group, skills and
-- idea are typed), the tracks the card names (none: any), contact requests
-- between two students (answered once; only an accepted one shows the two
-- e-mail addresses), and the keyword table that puts a department in a
-- discipline group, which organisers edit.
--
-- A card is listed while its owner keeps it (withdrawn_at), organisers have
-- not hidden it (hidden_at, with the reason its owner reads), its owner's
-- team has a free seat and registration is open for one of its tracks: the
-- list's query decides that when it runs, no job hides cards.
CREATE TABLE finder_cards (
    id SERIAL PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    discipline TEXT NOT NULL,
    skills TEXT NOT NULL,
    idea TEXT NOT NULL,
    withdrawn_at TIMESTAMP,
    hidden_at TIMESTAMP,
    hidden_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    hidden_reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- One card per student per contest.
    UNIQUE (contest_id, user_id)
);
CREATE INDEX finder_cards_list_idx ON finder_cards (contest_id, updated_at);
CREATE INDEX finder_cards_user_idx ON finder_cards (user_id);
CREATE INDEX finder_cards_hidden_by_idx ON finder_cards (hidden_by);

CREATE TABLE finder_card_tracks (
    card_id INTEGER NOT NULL REFERENCES finder_cards (id) ON DELETE CASCADE,
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    PRIMARY KEY (card_id, track_id)
);
CREATE INDEX finder_card_tracks_track_idx ON finder_card_tracks (track_id);

CREATE TABLE finder_contacts (
    id SERIAL PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES finder_cards (id) ON DELETE CASCADE,
    requester_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    -- One request per student per card: the same request sent twice at
    -- once stores one (the other is told 409).
    UNIQUE (card_id, requester_id)
);
CREATE INDEX finder_contacts_requester_idx ON finder_contacts (requester_id);

CREATE TABLE discipline_keywords (
    id SERIAL PRIMARY KEY,
    keyword TEXT NOT NULL UNIQUE,
    discipline TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX discipline_keywords_updated_by_idx ON discipline_keywords (updated_by);

-- The starting table: domain::finder::DEFAULT_KEYWORDS (tests/finder.rs
-- checks that the two agree).
INSERT INTO discipline_keywords (keyword, discipline, updated_at) VALUES
    ('資訊', 'computing', (now() at time zone 'utc')),
    ('資工', 'computing', (now() at time zone 'utc')),
    ('電機', 'computing', (now() at time zone 'utc')),
    ('電子', 'computing', (now() at time zone 'utc')),
    ('通訊', 'computing', (now() at time zone 'utc')),
    ('電腦', 'computing', (now() at time zone 'utc')),
    ('軟體', 'computing', (now() at time zone 'utc')),
    ('人工智慧', 'computing', (now() at time zone 'utc')),
    ('computer', 'computing', (now() at time zone 'utc')),
    ('software', 'computing', (now() at time zone 'utc')),
    ('information', 'computing', (now() at time zone 'utc')),
    ('electrical', 'computing', (now() at time zone 'utc')),
    ('資訊管理', 'info_management', (now() at time zone 'utc')),
    ('資管', 'info_management', (now() at time zone 'utc')),
    ('informationmanagement', 'info_management', (now() at time zone 'utc')),
    ('統計', 'stats_math', (now() at time zone 'utc')),
    ('數學', 'stats_math', (now() at time zone 'utc')),
    ('數理', 'stats_math', (now() at time zone 'utc')),
    ('數據', 'stats_math', (now() at time zone 'utc')),
    ('資料科學', 'stats_math', (now() at time zone 'utc')),
    ('精算', 'stats_math', (now() at time zone 'utc')),
    ('statistic', 'stats_math', (now() at time zone 'utc')),
    ('math', 'stats_math', (now() at time zone 'utc')),
    ('datascience', 'stats_math', (now() at time zone 'utc')),
    ('法律', 'law', (now() at time zone 'utc')),
    ('法學', 'law', (now() at time zone 'utc')),
    ('財經法', 'law', (now() at time zone 'utc')),
    ('law', 'law', (now() at time zone 'utc')),
    ('勞工', 'labour_social', (now() at time zone 'utc')),
    ('勞動', 'labour_social', (now() at time zone 'utc')),
    ('勞資', 'labour_social', (now() at time zone 'utc')),
    ('社會工作', 'labour_social', (now() at time zone 'utc')),
    ('社工', 'labour_social', (now() at time zone 'utc')),
    ('社會福利', 'labour_social', (now() at time zone 'utc')),
    ('社會政策', 'labour_social', (now() at time zone 'utc')),
    ('社會學', 'labour_social', (now() at time zone 'utc')),
    ('labor', 'labour_social', (now() at time zone 'utc')),
    ('labour', 'labour_social', (now() at time zone 'utc')),
    ('socialwork', 'labour_social', (now() at time zone 'utc')),
    ('sociology', 'labour_social', (now() at time zone 'utc')),
    ('經濟', 'econ_management', (now() at time zone 'utc')),
    ('管理', 'econ_management', (now() at time zone 'utc')),
    ('企業', 'econ_management', (now() at time zone 'utc')),
    ('企管', 'econ_management', (now() at time zone 'utc')),
    ('財務', 'econ_management', (now() at time zone 'utc')),
    ('金融', 'econ_management', (now() at time zone 'utc')),
    ('會計', 'econ_management', (now() at time zone 'utc')),
    ('財政', 'econ_management', (now() at time zone 'utc')),
    ('財稅', 'econ_management', (now() at time zone 'utc')),
    ('國際經營', 'econ_management', (now() at time zone 'utc')),
    ('商學', 'econ_management', (now() at time zone 'utc')),
    ('保險', 'econ_management', (now() at time zone 'utc')),
    ('行銷', 'econ_management', (now() at time zone 'utc')),
    ('econom', 'econ_management', (now() at time zone 'utc')),
    ('business', 'econ_management', (now() at time zone 'utc')),
    ('management', 'econ_management', (now() at time zone 'utc')),
    ('設計', 'design_media', (now() at time zone 'utc')),
    ('傳播', 'design_media', (now() at time zone 'utc')),
    ('新聞', 'design_media', (now() at time zone 'utc')),
    ('資訊傳播', 'design_media', (now() at time zone 'utc')),
    ('圖書資訊', 'other', (now() at time zone 'utc')),
    ('資訊與圖書', 'other', (now() at time zone 'utc'));
