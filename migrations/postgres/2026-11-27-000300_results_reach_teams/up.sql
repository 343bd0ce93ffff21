-- Results reach the teams: a judge may comment on each criterion and share
-- a comment (per criterion, or the overall one) with the team, a
-- prize has an English name, and a track remembers when its teams were
-- told its results (so they are told once, however often it is published).
ALTER TABLE scores ADD COLUMN comment_shared BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE scores ADD COLUMN notes TEXT NOT NULL DEFAULT '{}';
ALTER TABLE track_prizes ADD COLUMN rank_label_en TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN results_notified_at TIMESTAMP;
