-- Upkeep collector schema, SQLite dialect: nothing changes. PostgreSQL's V11 rewrites its rate
-- limit function (V8); SQLite keeps rate limits in the collector's memory. The version is kept so
-- that both dialects' migration numbers name the same schema generation.
SELECT 1;
