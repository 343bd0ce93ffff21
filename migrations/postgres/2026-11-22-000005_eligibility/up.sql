-- Eligibility review: configurable reason codes, every decision kept as
-- its own row, and the optional second look at failing decisions.

CREATE TABLE reason_codes (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL
);

ALTER TABLE tracks ADD COLUMN second_review_for_fail BOOLEAN NOT NULL DEFAULT FALSE;
-- The version the team last submitted (draft saves do not count).
ALTER TABLE entries ADD COLUMN submitted_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE eligibility_decisions (
    id SERIAL PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    message TEXT NOT NULL,
    fix_parts TEXT NOT NULL,
    revision_due_at TIMESTAMP,
    entry_version INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at TIMESTAMP NOT NULL,
    change_reason TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    confirmed_at TIMESTAMP,
    needs_confirmation BOOLEAN NOT NULL,
    is_current BOOLEAN NOT NULL
);
CREATE INDEX eligibility_decisions_entry_idx ON eligibility_decisions (entry_id, is_current);
-- One current decision per entry, even when two reviewers decide at once.
CREATE UNIQUE INDEX eligibility_decisions_one_current ON eligibility_decisions (entry_id) WHERE is_current;
CREATE INDEX eligibility_decisions_decided_by_idx ON eligibility_decisions (decided_by);
CREATE INDEX eligibility_decisions_confirmed_by_idx ON eligibility_decisions (confirmed_by);

INSERT INTO reason_codes (code, label_zh, label_en, active, position) VALUES
    ('no-open-data', '未使用開放資料', 'No open data used', TRUE, 1),
    ('use-unclear', '開放資料運用說明不清楚', 'Open-data use unclear', TRUE, 2),
    ('wrong-publishers', '資料集非指定機關發布', 'Datasets not from the required publishers', TRUE, 3),
    ('too-few-datasets', '使用的資料集數量不足', 'Too few datasets', TRUE, 4),
    ('incomplete-documents', '文件不完整', 'Incomplete documents', TRUE, 5),
    ('team-ineligible', '團隊資格不符', 'Team ineligible', TRUE, 6);
