-- Month and hour rollups, and event ordinals (issue 17). They only speed up what the daily rollups
-- and the raw events already answer exactly; a query uses them only for periods that are sealed.
--   rollup_months: a month's daily rollups summed per project, kind, dimension and bucket (month =
--                  the UTC epoch day of its first day), so that a query over whole months reads one
--                  row per month and bucket instead of one per day.
--   rollup_hours:  a busy day's events summed per hour (hour = UTC epoch hour), so that a query
--                  whose first or last day is partial reads whole hours from here and at most two
--                  partial hours of raw events. Only days with many events get them (a quiet
--                  day's raw events are read faster than its hour rows): rollup_seals.hourly, set
--                  when the day holds rollup_state.hourly_min_events events or more.
--   rollup_seals:  per project, kind and period (grain 'm' for a month, 'd' for a day; first_day =
--                  the UTC epoch day it starts on): its summed rows are used only while
--                  complete = 1. The collector sums a period once it has been over for a while.
--                  Every append that stores an event of a period before the writer's current one
--                  bumps gen and clears complete in its transaction, so a late event unseals its
--                  day and month until they are summed again; a seal is completed only if gen is
--                  still the one read before the period was read.
-- events.user_ordinal: the ordinal of the event's user, written with the event, so that raw events
-- are counted without a join to users (NULL for events stored before this migration, which are
-- looked up in users as before).
ALTER TABLE events ADD COLUMN user_ordinal INTEGER;
ALTER TABLE rollup_state ADD COLUMN hourly_min_events INTEGER NOT NULL DEFAULT 4096;

CREATE TABLE rollup_months (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  dim        TEXT    NOT NULL,
  month      INTEGER NOT NULL,
  bucket     TEXT    NOT NULL,
  hits       INTEGER NOT NULL,
  runs       INTEGER NOT NULL,
  users      INTEGER NOT NULL,
  bitmap     BLOB    NOT NULL,
  PRIMARY KEY (project_id, kind, dim, month, bucket)
);

CREATE TABLE rollup_hours (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  dim        TEXT    NOT NULL,
  hour       INTEGER NOT NULL,
  bucket     TEXT    NOT NULL,
  hits       INTEGER NOT NULL,
  runs       INTEGER NOT NULL,
  users      INTEGER NOT NULL,
  bitmap     BLOB    NOT NULL,
  PRIMARY KEY (project_id, kind, dim, hour, bucket)
) WITHOUT ROWID;

CREATE TABLE rollup_seals (
  project_id INTEGER NOT NULL REFERENCES projects (id),
  kind       TEXT    NOT NULL,
  grain      TEXT    NOT NULL CHECK (grain IN ('m', 'd')),
  first_day  INTEGER NOT NULL,
  gen        INTEGER NOT NULL DEFAULT 0,
  complete   INTEGER NOT NULL DEFAULT 0,
  hourly     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, kind, grain, first_day)
) WITHOUT ROWID;

-- The months and days of the events stored before this migration, for the collector to sum.
INSERT INTO rollup_seals (project_id, kind, grain, first_day)
SELECT DISTINCT project_id, kind, 'm',
       CAST(julianday(day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER)
  FROM rollup_counts
 WHERE dim = 'total';
INSERT INTO rollup_seals (project_id, kind, grain, first_day)
SELECT project_id, kind, 'd', day FROM rollup_counts WHERE dim = 'total';
