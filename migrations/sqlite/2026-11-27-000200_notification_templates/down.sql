ALTER TABLE notifications DROP COLUMN data;
ALTER TABLE notifications DROP COLUMN subject_id;
ALTER TABLE notifications DROP COLUMN template;
