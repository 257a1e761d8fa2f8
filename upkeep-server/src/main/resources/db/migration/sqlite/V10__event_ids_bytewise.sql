-- Upkeep collector schema, SQLite dialect: nothing changes. PostgreSQL's V10 gives its event_ids
-- table byte-wise comparison, which SQLite's events.event_id (BINARY collation) always had. The
-- version is kept so that both dialects' migration numbers name the same schema generation.
SELECT 1;
