-- An optional per-project ingest key (issue 14): when set, POST /v1/events takes events of the
-- project only from requests carrying it (X-Upkeep-Ingest-Key) or an install token of the project.
-- Public by design (apps embed it, as PostHog's project API key), so kept as written.
ALTER TABLE projects ADD COLUMN ingest_key TEXT;
