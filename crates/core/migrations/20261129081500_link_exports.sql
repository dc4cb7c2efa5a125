-- A record that authenticated (ZAK) links of a meeting were exported, and when the first of
-- them expires, so Home can warn before the links stop working. Never the links or tokens.
CREATE TABLE link_exports (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    exported_at  TEXT NOT NULL,
    -- The earliest expiry among the exported links (UTC, RFC 3339).
    expires_at   TEXT NOT NULL,
    links        INTEGER NOT NULL,
    actor        TEXT NOT NULL
) STRICT;

CREATE INDEX link_exports_by_meeting ON link_exports (meeting_id, exported_at);
