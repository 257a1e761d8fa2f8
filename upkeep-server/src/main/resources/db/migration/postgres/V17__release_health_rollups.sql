-- Release health (issue 21): failed runs in every rollup, and failures per version and error type.
--   failures: events with status F (failed tracked runs), beside hits and runs, in the daily, month
--             and hour rollups, so that a version's failure rate is failures / runs of its rows.
--   dim 'version_error_type': a new rollup dimension of failed events, bucket
--             '<n>:<version> <error_type>' (n = the version's length in characters, so any version
--             splits back exactly; error_type 'unknown' when missing).
-- The rollups of the events stored before are rebuilt at the next start (rebuild_needed = 1), which
-- also unseals and sums again every month and day.
ALTER TABLE rollup_counts ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rollup_months ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rollup_hours ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
UPDATE rollup_state SET rebuild_needed = 1 WHERE EXISTS (SELECT 1 FROM events);
