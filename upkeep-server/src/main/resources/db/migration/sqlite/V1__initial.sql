-- Upkeep collector schema, SQLite dialect. Times are epoch milliseconds (UTC); day is the UTC
-- epoch day of ts. The client IP address is never stored.
CREATE TABLE projects (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  registered_at INTEGER NOT NULL
);

CREATE TABLE versions (
  project_id  INTEGER NOT NULL REFERENCES projects (id),
  version     TEXT    NOT NULL,
  added_at    INTEGER NOT NULL,
  flagged     INTEGER NOT NULL DEFAULT 0,
  flag_reason TEXT,
  PRIMARY KEY (project_id, version)
);

CREATE TABLE tokens (
  hash        TEXT    PRIMARY KEY,
  prefix      TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  project_id  INTEGER REFERENCES projects (id),
  description TEXT,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

CREATE TABLE events (
  id               INTEGER PRIMARY KEY,
  event_id         TEXT UNIQUE,
  project_id       INTEGER NOT NULL REFERENCES projects (id),
  kind             TEXT    NOT NULL,
  ts               INTEGER NOT NULL,
  day              INTEGER NOT NULL,
  version          TEXT    NOT NULL,
  language         TEXT,
  language_version TEXT,
  user_id          TEXT,
  session_id       TEXT,
  user_type        TEXT    NOT NULL,
  platform         TEXT    NOT NULL,
  container        TEXT    NOT NULL,
  is_ci            INTEGER NOT NULL,
  status           TEXT    NOT NULL,
  status_desc      TEXT,
  error_type       TEXT,
  error_desc       TEXT,
  attributes       TEXT
);
CREATE INDEX events_project_kind_ts ON events (project_id, kind, ts);

-- First-seen attributes of each user of a project, as migas-server keeps them.
CREATE TABLE users (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  user_id    TEXT    NOT NULL,
  first_seen INTEGER NOT NULL,
  platform   TEXT    NOT NULL,
  container  TEXT    NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
