-- Issue 18: the judges' board counts each judge's submitted scores over the
-- round's assignments (15,000 at full size); with the status in the index
-- the count reads the index alone instead of every score's row.
CREATE INDEX scores_status_idx ON scores (entry_id, user_id, round, status);
