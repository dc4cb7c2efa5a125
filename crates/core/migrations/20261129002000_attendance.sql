-- Attendance: the ended instances of each meeting, the participant rows Zoom reported for them
-- (kept unchanged, so reconciliation can be rerun and audited), the admins' match rules, and
-- the records derived from them (recomputed after every sync and every review decision).

-- One ended instance of a meeting (Zoom's meeting UUID). `state`:
--   pending    discovered, rows not fetched yet
--   not_ready  Zoom's report is not ready yet (empty, zero durations, not found): retry at `retry_at`
--   failed     the last fetch failed (a page failed, Zoom unavailable): nothing saved, retry at `retry_at`
--   fetched    every row of the instance is stored (in one transaction)
CREATE TABLE attendance_instances (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    uuid             TEXT NOT NULL,
    occurrence_id    TEXT NOT NULL DEFAULT '',
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    scheduled_start  TEXT NOT NULL,
    scheduled_end    TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'not_ready', 'failed', 'fetched')),
    -- Where the rows came from: 'report', 'past' or 'dashboard'.
    source           TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    retry_at         TEXT,
    last_error       TEXT,
    fetched_at       TEXT,
    reconciled_at    TEXT,
    -- Known guests of the last reconciliation (JSON array of GuestEntry).
    guests           TEXT NOT NULL DEFAULT '[]',
    UNIQUE (meeting_id, uuid)
) STRICT;

CREATE INDEX attendance_instances_open ON attendance_instances (state, retry_at);

-- The participant rows of an instance, as Zoom sent them (`raw`, JSON), with the normalised
-- fields reconciliation reads. All rows of an instance are replaced together, in one transaction.
CREATE TABLE attendance_raw_rows (
    instance_id      INTEGER NOT NULL REFERENCES attendance_instances (id) ON DELETE CASCADE,
    row_key          TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('report', 'past', 'dashboard')),
    raw              TEXT NOT NULL,
    registration_id  TEXT,
    zoom_user_id     TEXT,
    name             TEXT,
    email            TEXT,
    joined_at        TEXT NOT NULL,
    left_at          TEXT NOT NULL,
    in_waiting_room  INTEGER NOT NULL CHECK (in_waiting_room IN (0, 1)),
    fetched_at       TEXT NOT NULL,
    PRIMARY KEY (instance_id, row_key)
) STRICT;

-- An admin's review decision: rows showing this alias belong to a person (or are a known
-- guest), for one meeting series (`scope_meeting` = Zoom meeting id) or the whole Zoom account
-- (`scope_meeting` = '').
CREATE TABLE attendance_match_rules (
    id             INTEGER PRIMARY KEY,
    account_id     TEXT NOT NULL,
    alias_kind     TEXT NOT NULL,
    alias_value    TEXT NOT NULL,
    person_id      INTEGER REFERENCES people (id) ON DELETE CASCADE,
    guest_label    TEXT,
    scope_meeting  TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (account_id, alias_kind, alias_value, scope_meeting)
) STRICT;

-- Derived: one person's attendance of one instance.
CREATE TABLE attendance_records (
    instance_id      INTEGER NOT NULL REFERENCES attendance_instances (id) ON DELETE CASCADE,
    person_id        INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    invited          INTEGER NOT NULL CHECK (invited IN (0, 1)),
    attended         INTEGER NOT NULL CHECK (attended IN (0, 1)),
    status           TEXT NOT NULL,
    late             INTEGER NOT NULL CHECK (late IN (0, 1)),
    left_early       INTEGER NOT NULL CHECK (left_early IN (0, 1)),
    first_join       TEXT,
    last_leave       TEXT,
    total_seconds    INTEGER NOT NULL,
    joins            INTEGER NOT NULL,
    match_method     TEXT,
    rule_id          INTEGER,
    -- Merged intervals, JSON [{start, end}], for the timeline.
    intervals        TEXT NOT NULL,
    row_keys         TEXT NOT NULL,
    PRIMARY KEY (instance_id, person_id)
) STRICT;

CREATE INDEX attendance_records_by_person ON attendance_records (person_id);

-- Derived: rows nobody could be tied to, grouped by alias, waiting for review (the whole
-- UnidentifiedEntry with its suggestions as JSON).
CREATE TABLE attendance_unidentified (
    instance_id    INTEGER NOT NULL REFERENCES attendance_instances (id) ON DELETE CASCADE,
    alias_kind     TEXT NOT NULL,
    alias_value    TEXT NOT NULL,
    display_name   TEXT,
    entry          TEXT NOT NULL,
    PRIMARY KEY (instance_id, alias_kind, alias_value)
) STRICT;
