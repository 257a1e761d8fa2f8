-- Upkeep collector schema, PostgreSQL dialect: a project's public page (issue 18), /p/{owner}/{name}:
-- its aggregate charts read-only, for anyone, once its maintainer turns it on (1); off (0) until
-- then, like the badge.
ALTER TABLE projects ADD COLUMN public_page SMALLINT NOT NULL DEFAULT 0;
