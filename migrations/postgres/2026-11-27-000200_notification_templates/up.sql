-- A notification keeps what it takes to write it again (its e-mail
-- template, subject id and data as JSON), so that it is shown in the
-- reader's language of the moment. Older rows have none of the three and
-- show the title and summary stored when they were made.
ALTER TABLE notifications ADD COLUMN template TEXT;
ALTER TABLE notifications ADD COLUMN subject_id TEXT;
ALTER TABLE notifications ADD COLUMN data TEXT;
