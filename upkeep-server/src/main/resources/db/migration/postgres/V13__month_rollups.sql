-- Month rollups and event ordinals (issue 17).
-- Month rollups: the daily rollups of a month that is over, summed per project, kind, dimension and
-- bucket, so that a query over months reads one row per month and bucket instead of one per day.
-- They only speed up what the daily rollups already answer exactly:
--   rollup_months: like rollup_counts and rollup_users together, month = the UTC epoch day of the
--                  month's first day; written by the collector once the month is over.
--   rollup_seals:  a month's rows are used only while its seal is complete (complete = 1). Every
--                  append that stores an event of a month before the writer's current month bumps
--                  gen and clears complete in its transaction, so a late event unseals its month
--                  until the collector sums it again; a seal is completed only if gen is still the
--                  one read before the month's days were read.
-- events.user_ordinal: the ordinal of the event's user, written with the event, so that a partial
-- day of a query reads its users without a join to users (NULL for events stored before this
-- migration, which are looked up in users as before).
ALTER TABLE events ADD COLUMN user_ordinal INTEGER;

CREATE TABLE rollup_months (
  project_id BIGINT  NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  dim        TEXT    NOT NULL,
  month      INTEGER NOT NULL,
  bucket     TEXT    NOT NULL,
  hits       BIGINT  NOT NULL,
  runs       BIGINT  NOT NULL,
  users      BIGINT  NOT NULL,
  bitmap     BYTEA   NOT NULL,
  PRIMARY KEY (project_id, kind, dim, month, bucket)
);

CREATE TABLE rollup_seals (
  project_id BIGINT  NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  month      INTEGER NOT NULL,
  gen        BIGINT  NOT NULL DEFAULT 0,
  complete   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, kind, month)
);

-- The months of the events stored before this migration, for the collector to sum.
INSERT INTO rollup_seals (project_id, kind, month)
SELECT DISTINCT project_id, kind,
       date_trunc('month', (DATE '1970-01-01' + day)::timestamp)::date - DATE '1970-01-01'
  FROM rollup_counts
 WHERE dim = 'total';
