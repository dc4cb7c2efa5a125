-- Every long operation is a job with one row per item. An item's idempotency key makes a rerun
-- or a resume after a crash skip what is done; `in_flight` marks an item whose Zoom call may
-- have happened, so its handler checks Zoom before acting again.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL,
    account_id    TEXT,
    title         TEXT NOT NULL,
    params        TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
    pause_reason  TEXT,
    resume_after  TEXT,
    total         INTEGER NOT NULL,
    done          INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX jobs_by_state ON jobs (state, created_at);

CREATE TABLE job_items (
    job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    subject         TEXT NOT NULL,
    label           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'failed', 'skipped')),
    outcome         TEXT,
    error_code      TEXT,
    error_message   TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (job_id, seq),
    UNIQUE (job_id, idempotency_key)
) STRICT;

CREATE INDEX job_items_open ON job_items (job_id, state, seq);
