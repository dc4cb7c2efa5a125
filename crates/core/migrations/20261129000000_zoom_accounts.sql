-- Zoom account connection profiles. The client secret is NOT here: only `keychain_ref`,
-- the name of its entry in the OS keychain.
CREATE TABLE zoom_accounts (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    zoom_account_id TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    plan            TEXT NOT NULL CHECK (plan IN ('free', 'pro', 'business')),
    api_base        TEXT NOT NULL,
    oauth_base      TEXT NOT NULL,
    keychain_ref    TEXT NOT NULL UNIQUE,
    owner_email     TEXT,
    created_at      TEXT NOT NULL,
    last_tested_at  TEXT
) STRICT;

-- Small key/value settings: the active account, attendance thresholds, refresh interval.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Every change Rollcall makes in Zoom, and every account change, logged locally without secrets.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    account_id TEXT,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    outcome    TEXT NOT NULL
) STRICT;
