-- Upkeep collector schema, SQLite dialect: usage rollups and project badges.
--
-- Rollups summarise the events of a project, kind and UTC day (day = epoch day of ts), in total
-- (dim 'total', bucket '') and per dimension (dim 'version', 'platform', 'container', 'ci',
-- 'status', 'language_version', 'error_type'; bucket the value, 'unknown' when missing; error_type
-- only for status F). They are written in the transaction that stores the events.
--   rollup_counts: hits = events, runs = events with status C, F or S (finished tracked runs).
--   rollup_users:  the distinct users as a serialised RoaringBitmap (portable format) of their
--                  ordinals, and its cardinality; a row exists for every key with an event.
-- Each user of a project gets a dense ordinal (0, 1, ...) when first stored; projects.user_ordinals
-- is the number handed out. rollup_state.rebuild_needed = 1 makes the next start recompute every
-- rollup from the events (set here, for the events stored before this migration).
ALTER TABLE projects ADD COLUMN badge_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN user_ordinals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN ordinal INTEGER;

UPDATE users SET ordinal = r.n
  FROM (SELECT project_id, user_id,
               ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY first_seen, user_id) - 1 AS n
          FROM users) AS r
 WHERE users.project_id = r.project_id AND users.user_id = r.user_id;
UPDATE projects SET user_ordinals = (SELECT COUNT(*) FROM users WHERE users.project_id = projects.id);
CREATE UNIQUE INDEX users_project_ordinal ON users (project_id, ordinal);

CREATE TABLE rollup_counts (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  dim        TEXT    NOT NULL,
  day        INTEGER NOT NULL,
  bucket     TEXT    NOT NULL,
  hits       INTEGER NOT NULL,
  runs       INTEGER NOT NULL,
  PRIMARY KEY (project_id, kind, dim, day, bucket)
) WITHOUT ROWID;

CREATE TABLE rollup_users (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  dim        TEXT    NOT NULL,
  day        INTEGER NOT NULL,
  bucket     TEXT    NOT NULL,
  users      INTEGER NOT NULL,
  bitmap     BLOB    NOT NULL,
  PRIMARY KEY (project_id, kind, dim, day, bucket)
);

CREATE TABLE rollup_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  rebuild_needed INTEGER NOT NULL
);
INSERT INTO rollup_state (id, rebuild_needed) VALUES (1, 1);
