-- Upkeep collector schema, SQLite dialect: nothing changes. PostgreSQL's V7 partitions events by
-- month and versions the rollup bitmaps for several collectors; SQLite has one collector (it
-- refuses a second on the same file), whose caches are exact. The version is kept so that both
-- dialects' migration numbers name the same schema generation.
SELECT 1;
