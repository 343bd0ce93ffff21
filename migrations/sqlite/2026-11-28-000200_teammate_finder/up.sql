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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    keyword TEXT NOT NULL UNIQUE,
    discipline TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX discipline_keywords_updated_by_idx ON discipline_keywords (updated_by);

-- The starting table: domain::finder::DEFAULT_KEYWORDS (tests/finder.rs
-- checks that the two agree).
INSERT INTO discipline_keywords (keyword, discipline, updated_at) VALUES
    ('資訊', 'computing', CURRENT_TIMESTAMP),
    ('資工', 'computing', CURRENT_TIMESTAMP),
    ('電機', 'computing', CURRENT_TIMESTAMP),
    ('電子', 'computing', CURRENT_TIMESTAMP),
    ('通訊', 'computing', CURRENT_TIMESTAMP),
    ('電腦', 'computing', CURRENT_TIMESTAMP),
    ('軟體', 'computing', CURRENT_TIMESTAMP),
    ('人工智慧', 'computing', CURRENT_TIMESTAMP),
    ('computer', 'computing', CURRENT_TIMESTAMP),
    ('software', 'computing', CURRENT_TIMESTAMP),
    ('information', 'computing', CURRENT_TIMESTAMP),
    ('electrical', 'computing', CURRENT_TIMESTAMP),
    ('資訊管理', 'info_management', CURRENT_TIMESTAMP),
    ('資管', 'info_management', CURRENT_TIMESTAMP),
    ('informationmanagement', 'info_management', CURRENT_TIMESTAMP),
    ('統計', 'stats_math', CURRENT_TIMESTAMP),
    ('數學', 'stats_math', CURRENT_TIMESTAMP),
    ('數理', 'stats_math', CURRENT_TIMESTAMP),
    ('數據', 'stats_math', CURRENT_TIMESTAMP),
    ('資料科學', 'stats_math', CURRENT_TIMESTAMP),
    ('精算', 'stats_math', CURRENT_TIMESTAMP),
    ('statistic', 'stats_math', CURRENT_TIMESTAMP),
    ('math', 'stats_math', CURRENT_TIMESTAMP),
    ('datascience', 'stats_math', CURRENT_TIMESTAMP),
    ('法律', 'law', CURRENT_TIMESTAMP),
    ('法學', 'law', CURRENT_TIMESTAMP),
    ('財經法', 'law', CURRENT_TIMESTAMP),
    ('law', 'law', CURRENT_TIMESTAMP),
    ('勞工', 'labour_social', CURRENT_TIMESTAMP),
    ('勞動', 'labour_social', CURRENT_TIMESTAMP),
    ('勞資', 'labour_social', CURRENT_TIMESTAMP),
    ('社會工作', 'labour_social', CURRENT_TIMESTAMP),
    ('社工', 'labour_social', CURRENT_TIMESTAMP),
    ('社會福利', 'labour_social', CURRENT_TIMESTAMP),
    ('社會政策', 'labour_social', CURRENT_TIMESTAMP),
    ('社會學', 'labour_social', CURRENT_TIMESTAMP),
    ('labor', 'labour_social', CURRENT_TIMESTAMP),
    ('labour', 'labour_social', CURRENT_TIMESTAMP),
    ('socialwork', 'labour_social', CURRENT_TIMESTAMP),
    ('sociology', 'labour_social', CURRENT_TIMESTAMP),
    ('經濟', 'econ_management', CURRENT_TIMESTAMP),
    ('管理', 'econ_management', CURRENT_TIMESTAMP),
    ('企業', 'econ_management', CURRENT_TIMESTAMP),
    ('企管', 'econ_management', CURRENT_TIMESTAMP),
    ('財務', 'econ_management', CURRENT_TIMESTAMP),
    ('金融', 'econ_management', CURRENT_TIMESTAMP),
    ('會計', 'econ_management', CURRENT_TIMESTAMP),
    ('財政', 'econ_management', CURRENT_TIMESTAMP),
    ('財稅', 'econ_management', CURRENT_TIMESTAMP),
    ('國際經營', 'econ_management', CURRENT_TIMESTAMP),
    ('商學', 'econ_management', CURRENT_TIMESTAMP),
    ('保險', 'econ_management', CURRENT_TIMESTAMP),
    ('行銷', 'econ_management', CURRENT_TIMESTAMP),
    ('econom', 'econ_management', CURRENT_TIMESTAMP),
    ('business', 'econ_management', CURRENT_TIMESTAMP),
    ('management', 'econ_management', CURRENT_TIMESTAMP),
    ('設計', 'design_media', CURRENT_TIMESTAMP),
    ('傳播', 'design_media', CURRENT_TIMESTAMP),
    ('新聞', 'design_media', CURRENT_TIMESTAMP),
    ('資訊傳播', 'design_media', CURRENT_TIMESTAMP),
    ('圖書資訊', 'other', CURRENT_TIMESTAMP),
    ('資訊與圖書', 'other', CURRENT_TIMESTAMP);
