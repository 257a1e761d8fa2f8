-- Upkeep collector schema, SQLite dialect: enrolled installs (otumat usage tracking and
-- Upkeep's own PKCE enrollment), their tokens and the one-time codes that enroll them. Times are
-- epoch milliseconds (UTC). Tokens, client secrets and codes are stored only as lowercase hex
-- SHA-256. metadata is a JSON object of what is kept of the enrollment request; never a MAC
-- address, location or time zone.
CREATE TABLE installs (
  id                 TEXT    PRIMARY KEY,
  project_id         INTEGER NOT NULL REFERENCES projects (id),
  flow               TEXT    NOT NULL CHECK (flow IN ('otumat', 'upkeep')),
  client_id          TEXT    NOT NULL UNIQUE,
  client_secret_hash TEXT,
  package_version    TEXT,
  metadata           TEXT    NOT NULL,
  created_at         INTEGER NOT NULL,
  revoked_at         INTEGER
);
CREATE INDEX installs_project ON installs (project_id);

-- expires_at is null for refresh tokens (single use instead); used_at marks a rotated one.
CREATE TABLE install_tokens (
  hash       TEXT    PRIMARY KEY,
  install_id TEXT    NOT NULL REFERENCES installs (id),
  kind       TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at    INTEGER
);
CREATE INDEX install_tokens_install ON install_tokens (install_id);

CREATE TABLE authorization_codes (
  hash         TEXT    PRIMARY KEY,
  project_id   INTEGER NOT NULL REFERENCES projects (id),
  redirect_uri TEXT    NOT NULL,
  challenge    TEXT    NOT NULL,
  scope        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER
);
