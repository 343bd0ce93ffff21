DROP TABLE awards;
ALTER TABLE tracks DROP COLUMN results_published_at;
