-- Meetings Rollcall manages in Zoom, and who is invited to each.
CREATE TABLE meetings (
    id                 INTEGER PRIMARY KEY,
    account_id         TEXT NOT NULL,
    -- Zoom's numeric meeting id (int64; can exceed 10 digits).
    zoom_meeting_id    INTEGER NOT NULL,
    host_zoom_user_id  TEXT NOT NULL,
    host_email         TEXT NOT NULL DEFAULT '',
    topic              TEXT NOT NULL,
    -- 'scheduled' (Zoom type 2) or 'recurring' (type 8, fixed time).
    kind               TEXT NOT NULL CHECK (kind IN ('scheduled', 'recurring')),
    -- For recurring meetings: 1 once for all, 2 per occurrence, 3 attendee chooses.
    registration_type  INTEGER CHECK (registration_type IN (1, 2, 3)),
    start_time         TEXT NOT NULL,
    duration_minutes   INTEGER NOT NULL,
    timezone           TEXT NOT NULL,
    recurrence         TEXT,
    -- The invite-only switches as chosen (JSON).
    settings           TEXT NOT NULL,
    join_url           TEXT,
    registration_url   TEXT,
    -- What Zoom said at the last refresh (JSON), and the differences found (JSON, NULL = in step).
    zoom_snapshot      TEXT,
    drift              TEXT,
    status             TEXT NOT NULL CHECK (status IN ('active', 'deleted_in_zoom', 'deleted')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    refreshed_at       TEXT,
    UNIQUE (account_id, zoom_meeting_id)
) STRICT;

CREATE TABLE meeting_occurrences (
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    occurrence_id     TEXT NOT NULL,
    start_time        TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL,
    status            TEXT NOT NULL,
    PRIMARY KEY (meeting_id, occurrence_id)
) STRICT;

-- A person invited to a meeting (or to one occurrence of it, when registration is per
-- occurrence; '' otherwise). The registration id, join link and phone PIN come from Zoom.
-- Authenticated (ZAK) links are never stored: they are credentials, built on demand.
CREATE TABLE invitations (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    occurrence_id  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('pending', 'registered', 'cancelled', 'denied', 'failed')),
    registrant_id  TEXT,
    join_url       TEXT,
    phone_pin      TEXT,
    error_code     TEXT,
    error_message  TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (meeting_id, person_id, occurrence_id)
) STRICT;

CREATE INDEX invitations_by_registrant ON invitations (registrant_id);
CREATE INDEX invitations_by_person ON invitations (person_id);

-- Zoom's daily caps counted by the client (per host, per registrant, Heavy), kept across
-- restarts so a resumed job does not overrun them.
CREATE TABLE zoom_daily_usage (
    account_id  TEXT PRIMARY KEY NOT NULL,
    usage       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
