-- Upkeep collector schema, PostgreSQL dialect: several collectors on one database.
--
-- events is partitioned by month of ts (declarative range partitioning on epoch milliseconds,
-- UTC). A partition is named events_yYYYYmMM and covers [first ms of the month, first ms of the
-- next); the collector creates the partitions of the current and next month at start and the one
-- of any month it is about to write (EventPartitions). events_default takes rows of a month that
-- has no partition, so an insert never fails for want of one.
--
-- A unique index of a partitioned table must contain the partition key, so event ids are made
-- unique across partitions by event_ids: a writer claims an id there (ON CONFLICT DO NOTHING) in
-- the transaction that stores its event; an event whose id was already claimed is a duplicate.
-- day is the epoch day of the event, kept for pruning.
--
-- rollup_users.rev is a value never reused (sequence rollup_revs), set at every write of a row.
-- A collector that cached a bitmap with its rev knows its copy is current when the row still
-- carries that rev, and otherwise reads the row again (under a row lock) before merging into it.
ALTER TABLE events RENAME TO events_v6;
ALTER INDEX events_project_kind_ts RENAME TO events_v6_project_kind_ts;

CREATE SEQUENCE event_row_ids;
SELECT setval('event_row_ids', COALESCE((SELECT MAX(id) FROM events_v6), 0) + 1, false);

CREATE TABLE events (
  id               BIGINT   NOT NULL DEFAULT nextval('event_row_ids'),
  event_id         TEXT,
  project_id       BIGINT   NOT NULL REFERENCES projects (id),
  kind             TEXT     NOT NULL,
  ts               BIGINT   NOT NULL,
  day              INTEGER  NOT NULL,
  version          TEXT     NOT NULL,
  language         TEXT,
  language_version TEXT,
  user_id          TEXT,
  session_id       TEXT,
  user_type        TEXT     NOT NULL,
  platform         TEXT     NOT NULL,
  container        TEXT     NOT NULL,
  is_ci            SMALLINT NOT NULL,
  status           TEXT     NOT NULL,
  status_desc      TEXT,
  error_type       TEXT,
  error_desc       TEXT,
  attributes       TEXT
) PARTITION BY RANGE (ts);
ALTER SEQUENCE event_row_ids OWNED BY events.id;
CREATE INDEX events_project_kind_ts ON events (project_id, kind, ts);
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- one partition for every month that has events, and for the current month
DO $$
DECLARE
  m timestamp;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC')
      FROM events_v6
    UNION
    SELECT date_trunc('month', now() AT TIME ZONE 'UTC')
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%s) TO (%s)',
      'events_y' || to_char(m, 'YYYY') || 'm' || to_char(m, 'MM'),
      (extract(epoch FROM m) * 1000)::bigint,
      (extract(epoch FROM m + interval '1 month') * 1000)::bigint);
  END LOOP;
END $$;

INSERT INTO events SELECT * FROM events_v6;

CREATE TABLE event_ids (
  event_id TEXT    PRIMARY KEY,
  day      INTEGER NOT NULL
);
INSERT INTO event_ids (event_id, day) SELECT event_id, day FROM events_v6 WHERE event_id IS NOT NULL;

DROP TABLE events_v6;

CREATE SEQUENCE rollup_revs;
ALTER TABLE rollup_users ADD COLUMN rev BIGINT NOT NULL DEFAULT nextval('rollup_revs');
