-- Rate limits held across collectors (issue 15) live in PostgreSQL or Redis; a collector on the
-- embedded SQLite store counts its limits in memory. Nothing to create here: this migration only
-- keeps the version numbers of both dialects aligned.
SELECT 1;
