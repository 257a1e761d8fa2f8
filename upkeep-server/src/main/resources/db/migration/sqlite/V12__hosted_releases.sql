-- Upkeep collector schema, SQLite dialect: releases hosted by the collector (issue 16).
-- Who may read a project's usage and releases without a token: 'counts-public' (anyone, as
-- migas-server answers) or 'private' (a token of the project, or the master token).
ALTER TABLE projects ADD COLUMN visibility TEXT NOT NULL DEFAULT 'counts-public';

-- The project a title belongs to in a workspace, claimed by its first release: releases of one
-- title are never split between projects.
CREATE TABLE release_titles (
  workspace  TEXT    NOT NULL,
  title      TEXT    NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  PRIMARY KEY (workspace, title)
);

-- One row per hosted release; record is its YAML as rmellipse writes it. files, bytes and signed
-- are read from the record when it is published, for listings. Times are epoch milliseconds (UTC).
CREATE TABLE releases (
  id           INTEGER PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES projects (id),
  workspace    TEXT    NOT NULL,
  title        TEXT    NOT NULL,
  version      TEXT    NOT NULL,
  record       TEXT    NOT NULL,
  files        INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  signed       INTEGER NOT NULL,
  published_at INTEGER NOT NULL,
  yank_reason  TEXT,
  yanked_at    INTEGER,
  UNIQUE (workspace, title, version)
);
CREATE INDEX releases_by_project ON releases (project_id);

-- The projects that may read a blob: each whose publisher uploaded it (or proved to hold it) and
-- each whose release names it. Blobs are shared by content, so a blob has as many rows as readers.
CREATE TABLE blob_readers (
  blob       TEXT    NOT NULL,
  project_id INTEGER NOT NULL REFERENCES projects (id),
  PRIMARY KEY (blob, project_id)
) WITHOUT ROWID;

-- Completed pulls per release and UTC day (epoch day): a rollup with nothing of who pulled.
CREATE TABLE release_downloads (
  release_id INTEGER NOT NULL REFERENCES releases (id),
  day        INTEGER NOT NULL,
  downloads  INTEGER NOT NULL,
  PRIMARY KEY (release_id, day)
) WITHOUT ROWID;
