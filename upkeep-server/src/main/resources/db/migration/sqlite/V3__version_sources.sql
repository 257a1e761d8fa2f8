-- Upkeep collector schema, SQLite dialect: version intelligence. A flag of the manual registry
-- gains the version to upgrade to, and a lifted flag is remembered (it overrides a source's flag).
-- Each project may have one release source per kind (maven, github); the last good snapshot of
-- each is kept so that a restart still has last-known data. Times are epoch milliseconds (UTC).
ALTER TABLE versions ADD COLUMN replacement TEXT;
ALTER TABLE versions ADD COLUMN flag_lifted INTEGER NOT NULL DEFAULT 0;

-- fetched_at is the time of the snapshot in version_source_entries, null before the first fetch.
CREATE TABLE version_sources (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER NOT NULL REFERENCES projects (id),
  kind           TEXT    NOT NULL,
  reference      TEXT    NOT NULL,
  repository_url TEXT,
  added_at       INTEGER NOT NULL,
  fetched_at     INTEGER,
  UNIQUE (project_id, kind)
);

-- One row per version a snapshot names: released by the source, flagged by it, or both.
CREATE TABLE version_source_entries (
  source_id   INTEGER NOT NULL REFERENCES version_sources (id) ON DELETE CASCADE,
  version     TEXT    NOT NULL,
  released    INTEGER NOT NULL,
  prerelease  INTEGER NOT NULL,
  flag_reason TEXT,
  replacement TEXT,
  PRIMARY KEY (source_id, version)
);
