ALTER TABLE tracks DROP COLUMN results_notified_at;
ALTER TABLE track_prizes DROP COLUMN rank_label_en;
ALTER TABLE scores DROP COLUMN notes;
ALTER TABLE scores DROP COLUMN comment_shared;
