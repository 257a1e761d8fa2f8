-- Upkeep collector schema, SQLite dialect: what several collectors on one database must agree
-- on (issue 15).
--
-- changes: one row per topic and project holding the revision of its newest change, for the caches
-- every collector keeps in memory. topic is PROJECT (the project's row: badge, ingest key),
-- VERSIONS (its manual version registry) or VERSION_SOURCES (its release sources and their
-- snapshots). A change takes the next revision from change_clock and writes it here in the
-- transaction of the change itself; each collector reads the rows above the revision it has seen
-- about once a second and drops what they name from its caches. The row lock on change_clock makes
-- revisions commit in order, so a reader never skips one.
CREATE TABLE change_clock (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);
INSERT INTO change_clock (id, revision) VALUES (1, 0);

CREATE TABLE changes (
  topic      TEXT    NOT NULL,
  project_id INTEGER NOT NULL,
  revision   INTEGER NOT NULL,
  PRIMARY KEY (topic, project_id)
);
CREATE INDEX changes_revision ON changes (revision);

-- fetch_claimed_until: until when (epoch ms) one collector holds the next fetch of the source, so
-- that collectors sharing the database ask an upstream once per TTL between them, not once each.
ALTER TABLE version_sources ADD COLUMN fetch_claimed_until INTEGER;
