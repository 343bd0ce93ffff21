-- issue 19: when each background job last finished a pass without error,
-- whichever replica ran it (read by /metrics and /readyz).
CREATE TABLE job_runs (
    name TEXT PRIMARY KEY NOT NULL,
    succeeded_at TIMESTAMP NOT NULL
);
