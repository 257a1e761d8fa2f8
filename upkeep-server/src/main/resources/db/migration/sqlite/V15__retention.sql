-- Upkeep collector schema, SQLite dialect: a project's own retention (issue 18). NULL: the
-- collector's `retention` setting; 0: its events are kept for ever; N: events older than N days are
-- deleted (with their part of every rollup) by the collector's hourly maintenance.
ALTER TABLE projects ADD COLUMN retention_days INTEGER;
