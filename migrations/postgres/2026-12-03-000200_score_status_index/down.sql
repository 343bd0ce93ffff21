DROP INDEX scores_status_idx;
