-- The organization's directory: people, their groups, and the Zoom user each one is tied to.
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    -- Lower-cased email, for matching Zoom's rows and finding duplicates.
    email_key   TEXT NOT NULL,
    first_name  TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX people_by_email ON people (email_key);

CREATE TABLE groups (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE person_groups (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, group_id)
) STRICT;

CREATE INDEX person_groups_by_group ON person_groups (group_id);

-- Provisioning: which Zoom user a person is, per Zoom account. `kind` says whether Rollcall
-- created it (custCreate) or linked an existing one; every attempt's outcome is kept.
CREATE TABLE zoom_users (
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    account_id    TEXT NOT NULL,
    zoom_user_id  TEXT,
    zoom_email    TEXT,
    kind          TEXT CHECK (kind IN ('created', 'linked')),
    status        TEXT NOT NULL CHECK (status IN ('provisioned', 'failed', 'deleted')),
    error_code    TEXT,
    error_message TEXT,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (person_id, account_id)
) STRICT;

CREATE UNIQUE INDEX zoom_users_by_zoom_id ON zoom_users (account_id, zoom_user_id)
    WHERE zoom_user_id IS NOT NULL AND status = 'provisioned';
